/** The readable layer table of `kernel-atlas inspect` (and `add`), in the spirit of PyTorch's print(model). */
import type { ConvLayer, ModelInfo } from './types.ts';

const SHORT_DTYPE: Record<string, string> = { float32: 'f32', float16: 'f16', bfloat16: 'bf16', float64: 'f64', int8: 'i8', uint8: 'u8' };

/**
 * The model facts and one row per convolution layer, as plain text.
 * @example process.stdout.write(formatLayerTable(model));
 */
export function formatLayerTable(model: { info: ModelInfo; layers: ConvLayer[] }): string {
	const { info, layers } = model;
	const opsets = Object.entries(info.opsets).map(([domain, v]) => `${domain} ${v}`).join(', ');
	const producer = [info.producer, info.producerVersion].filter(Boolean).join(' ') || 'unknown producer';
	const lines = [
		`${info.file}: ${info.bytes.toLocaleString('en-US')} bytes, sha256 ${info.sha256.slice(0, 16)}…, IR ${info.irVersion}, opset ${opsets || 'none'}, ${producer}`,
		'',
	];
	const header = ['#', 'layer', 'op', 'weight', 'stride', 'padding', 'groups', 'bias', 'params', 'notes'];
	const rows = layers.map((l) => [
		String(l.index),
		l.module ?? l.name,
		l.op,
		`${l.weightShape.length ? l.weightShape.join('×') : '?'} ${SHORT_DTYPE[l.dtype] ?? l.dtype}`,
		l.strides.join(','),
		l.autoPad === 'NOTSET' || l.autoPad === 'VALID' ? l.pads.join(',') : `${l.autoPad}`,
		String(l.group),
		l.bias ? 'yes' : 'no',
		l.params.toLocaleString('en-US'),
		notes(l),
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const format = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
	lines.push(format(header), ...rows.map(format), '');
	const total = layers.reduce((n, l) => n + l.params, 0);
	lines.push(`${layers.length} convolution layer${layers.length === 1 ? '' : 's'}, ${total.toLocaleString('en-US')} parameters`, '');
	return lines.join('\n');
}

function notes(l: ConvLayer): string {
	const out: string[] = [];
	if (l.fromGraphInput) out.push('reads the input image');
	if (l.followedByBatchNorm) out.push('BatchNorm follows');
	if (l.storage !== 'initializer' && l.storage !== 'constant') out.push(l.storage);
	if (l.storage === 'dynamic') out.push('not extracted');
	return out.join('; ');
}
