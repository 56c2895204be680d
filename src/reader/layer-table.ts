/** The readable layer table of `kernel-atlas inspect` (and `add`), in the spirit of PyTorch's print(model). */
import type { ConvLayer, KernelDtype, ModelInfo } from './model.ts';
import { printable } from './printable.ts';

const SHORT_DTYPE: Record<KernelDtype, string> = {
	float32: 'f32', float16: 'f16', bfloat16: 'bf16', float64: 'f64', int8: 'i8', uint8: 'u8',
	int16: 'i16', uint16: 'u16', int32: 'i32', uint32: 'u32', int64: 'i64', uint64: 'u64',
};

/**
 * The model facts and one row per convolution layer, as plain text.
 * @example process.stdout.write(formatLayerTable(model));
 */
export function formatLayerTable(model: { info: ModelInfo; layers: ConvLayer[] }): string {
	const { info, layers } = model;
	const opsets = Object.entries(info.opsets).map(([domain, v]) => `${domain} ${v}`).join(', ');
	const producer = printable([info.producer, info.producerVersion].filter(Boolean).join(' ')) || 'unknown producer';
	const head = info.format === 'onnx' ? `IR ${info.irVersion}, opset ${opsets || 'none'}, ${producer}` : `${info.format} checkpoint${info.producer ? ` (${producer})` : ''}`;
	const sha = info.sha256 ? `, sha256 ${info.sha256.slice(0, 16)}…` : '';
	const lines = [`${printable(info.file)}: ${thousands(info.bytes)} bytes${sha}, ${head}`, ''];
	const header = ['#', 'layer', 'op', 'weight', 'stride', 'padding', 'groups', 'bias', 'params', 'notes'];
	const rows = layers.map((l) => [
		String(l.index),
		printable(l.module ?? l.name),
		l.onnx?.op ?? (l.transposed ? 'ConvTranspose' : `Conv${l.weightShape.length - 2}d`),
		`${l.weightShape.length ? l.weightShape.join('×') : '?'} ${SHORT_DTYPE[l.dtype] ?? l.dtype}`,
		l.geometry ? l.geometry.strides.join(',') : '-',
		!l.geometry ? '-' : !l.onnx || l.onnx.autoPad === 'NOTSET' || l.onnx.autoPad === 'VALID' ? l.geometry.pads.join(',') : l.onnx.autoPad,
		l.geometry ? String(l.geometry.group) : '-',
		l.bias ? 'yes' : 'no',
		thousands(l.params),
		notes(l),
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const format = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
	lines.push(format(header), ...rows.map(format), '');
	const total = layers.reduce((n, l) => n + l.params, 0);
	lines.push(`${layers.length} convolution layer${layers.length === 1 ? '' : 's'}, ${thousands(total)} parameters`, '');
	if (info.format !== 'onnx') lines.push('A checkpoint records no stride, padding or groups (shown as -): only the graph that uses the weights knows them.', '');
	return lines.join('\n');
}

/** `1,234,567`, as toLocaleString('en-US') writes it, without loading ICU's number formatting (about 40 ms). */
export function thousands(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function notes(l: ConvLayer): string {
	const out: string[] = [];
	if (l.fromGraphInput) out.push('reads the input image');
	if (l.followedByBatchNorm) out.push('BatchNorm follows');
	if (l.storage !== 'initializer' && l.storage !== 'constant' && l.storage !== 'checkpoint') out.push(l.storage);
	if (l.storage === 'dynamic') out.push('not extracted');
	return out.join('; ');
}
