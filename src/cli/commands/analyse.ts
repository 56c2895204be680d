/**
 * `kernel-atlas analyse MODEL [--layer INDEX|NAME] [--json] [--config FILE] [--color-order RGB|BGR]`:
 * statistics and classical-filter matches for every kernel, as a table or as JSON (the documented
 * contract). The colour order comes from the model's config, as on the site, unless given.
 */
import { type LayerAnalysis, UNCLASSIFIED_BELOW, analyseLayer, matchShares } from '../../analysis/index.ts';
import { detailText } from '../../publish/alt.ts';
import { parseCommand } from '../args.ts';
import { orderFor, selectLayers } from '../model-options.ts';

const HELP = `Usage: kernel-atlas analyse MODEL [--layer INDEX|NAME] [--json] [--config FILE] [--color-order RGB|BGR]

Statistics and the best classical-filter match of every kernel (or of one layer's kernels).
  --layer INDEX|NAME   one layer, by position (from 0) or by node or module name
  --json               print {"layers":[{"index","families","kernels":[...]}]} (see src/analysis/README.md)
  --config FILE        the model's config (models/NAME.json); by default, the config in models/ whose
                       source is MODEL, if there is one, so the matches are the site's
  --color-order ORDER  channel order of the image input (PaddleOCR models read BGR); default: the
                       config's preprocess.colorOrder, else RGB
`;

export async function run(args: string[]): Promise<number> {
	const parsed = parseCommand('analyse', args, { layer: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, 'color-order': { type: 'string' } }, HELP);
	if (!parsed) return 0;
	const { file } = parsed;
	const { order } = await orderFor('analyse', file, parsed.values);
	const { openModel } = await import('../../reader/open.ts');
	const model = await openModel(file);
	const results: LayerAnalysis[] = [];
	try {
		for (const index of selectLayers(model.layers, parsed.values.layer, file)) {
			const layer = model.layers[index];
			if (layer.storage === 'dynamic') continue; // no stored weights; `inspect` lists it
			results.push(analyseLayer(await model.readKernel(layer), layer, { colorOrder: order }));
		}
	} finally {
		model.close();
	}
	process.stdout.write(parsed.values.json ? `${JSON.stringify(toJson(results), null, 2)}\n` : toText(results));
	return 0;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const sig = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(6)));

/** The `analyse --json` document: the shape issue 4 specifies, plus `detail` and `name`. */
export function toJson(layers: LayerAnalysis[]) {
	return {
		layers: layers.map((l) => ({
			index: l.index,
			name: l.name,
			families: l.families,
			kernels: l.kernels.map((k) => ({
				index: k.index,
				match: k.match,
				score: r3(k.score),
				polarity: k.polarity,
				detail: detailText('en', k.detail),
				colorOpponent: k.colorOpponent ? { axis: k.colorOpponent.axis, positive: k.colorOpponent.positive, negative: k.colorOpponent.negative, strength: r3(k.colorOpponent.strength) } : null,
				stats: { min: sig(k.stats.min), max: sig(k.stats.max), mean: sig(k.stats.mean), std: sig(k.stats.std), l2: sig(k.stats.l2), nearZero: r3(k.stats.nearZero) },
			})),
		})),
	};
}

/** The layer's split into classical matches, colour-opponent kernels and the rest, as the site states it. */
export function sharesText(s: ReturnType<typeof matchShares>): string {
	const pct = (n: number) => `${s.kernels ? Math.round((100 * n) / s.kernels) : 0}%`;
	const parts = [`classical-filter matches ${s.classical} of ${s.kernels} (${pct(s.classical)}, cosine ≥ ${UNCLASSIFIED_BELOW})`];
	if (s.colorOpponent) parts.push(`colour opponent ${s.colorOpponent} (${pct(s.colorOpponent)}, not counted as matches)`);
	if (s.pointwise) parts.push(`pointwise ${s.pointwise}`);
	parts.push(`unclassified ${s.unclassified}`);
	return parts.join('; ');
}

function toText(layers: LayerAnalysis[]): string {
	const out: string[] = [];
	for (const l of layers) {
		const census = Object.entries(l.families).map(([f, n]) => `${f} ${n}`).join(', ');
		out.push(`layer ${l.index} ${l.name} [${l.dims.join('×')}]  min ${sig(l.stats.min)}  max ${sig(l.stats.max)}  std ${sig(l.stats.std)}  near-zero ${(l.stats.nearZero * 100).toFixed(1)}%`);
		out.push(`  families: ${census}`);
		out.push(`  ${sharesText(matchShares(l.kernels))}`);
		// Per-kernel lines only for layers a reader can scan; the JSON has all of them.
		if (l.kernels.length <= 64) {
			for (const k of l.kernels) {
				const pol = k.polarity < 0 && k.match !== 'color-opponent' ? ' (inverted)' : '';
				const detail = k.detail ? ` ${detailText('en', k.detail)}` : '';
				const score = k.match === 'color-opponent' ? `opponency ${k.colorOpponent!.strength.toFixed(2)}` : `score ${k.score.toFixed(2)}`;
				out.push(`  ${String(k.index).padStart(4)}  ${k.match}${detail}${pol}  ${score}  l2 ${sig(k.stats.l2)}`);
			}
		}
	}
	return `${out.join('\n')}\n`;
}
