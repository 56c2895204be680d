/**
 * What the site tells readers about each default model's first layer (families, inverted kernels,
 * colour opponency, each kernel's match and score as the gallery prints it), pinned in a committed
 * golden file per model under tests/analysis/golden/. Computed as the build computes it: the kernel read
 * by openModel, analysed with the model's own colour order.
 *
 * A change here changes the published pages. When it is deliberate (new templates, thresholds, a fixed
 * bug), regenerate and review the diff:  npx vitest run tests/analysis/first-layer-findings.test.ts -u
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseLayer, matchShares, type LayerAnalysis } from '../../src/analysis/index.ts';
import { loadModelConfigs, resolveModelSource } from '../../src/config/load-configs.ts';
import { openModel } from '../../src/reader/index.ts';

const modelsDir = resolve(import.meta.dirname, '../../models');
// Hub and URL models need the network; the local and npm-package ones are what an offline build shows.
const offline = loadModelConfigs(modelsDir).filter((c) => !/^(hf:|https:)/.test(c.source));

/** The findings a reader sees, in a form whose diff reads well. */
function findings(analysis: LayerAnalysis, colorOrder: string) {
	const counts = new Map<string, number>();
	// Polarity belongs to a template match; a colour-opponent kernel has none.
	for (const k of analysis.kernels) if (k.polarity < 0 && k.match !== 'color-opponent') counts.set(k.match, (counts.get(k.match) ?? 0) + 1);
	// Ordered like the census (largest first, ties by name), so the file does not churn with kernel order.
	const inverted = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
	return {
		layer: `${analysis.index} ${analysis.name} [${analysis.dims.join(', ')}]`,
		colorOrder,
		families: analysis.families,
		groups: analysis.groups,
		inverted,
		shares: matchShares(analysis.kernels),
		colorOpponents: analysis.kernels
			.filter((k) => k.colorOpponent)
			.map((k) => `#${k.index} ${k.colorOpponent!.axis} (${k.colorOpponent!.positive} +, ${k.colorOpponent!.negative} −) strength ${k.colorOpponent!.strength.toFixed(2)} ${k.match}`),
		// As the gallery labels each kernel: family, "inverted", score to two decimals; colour-opponent
		// kernels by their opponency strength.
		kernels: analysis.kernels.map((k) =>
			k.match === 'color-opponent'
				? `#${k.index} color-opponent opponency ${k.colorOpponent!.strength.toFixed(2)}`
				: `#${k.index} ${k.match}${k.polarity < 0 ? ' inverted' : ''} ${k.score.toFixed(2)} (${k.view})`,
		),
	};
}

describe('the default models offline', () => {
	it('are the four local or npm-packaged ones (resnet18d comes from the Hub)', () => {
		expect(offline.map((c) => c.id)).toEqual(['pp-ocrv4-det', 'pp-ocrv4-rec', 'ppocr-mobile-cls', 'squeezenet1-1']);
	});
});

describe.each(offline)('first-layer findings of $id', (config) => {
	it('are the published ones (tests/analysis/golden/)', async () => {
		const model = await openModel(resolveModelSource(config, modelsDir));
		try {
			const layer = model.layers[0]!;
			const analysis = analyseLayer(await model.readKernel(layer), layer, { colorOrder: config.preprocess.colorOrder });
			const text = `${JSON.stringify(findings(analysis, config.preprocess.colorOrder), null, '\t')}\n`;
			await expect(text).toMatchFileSnapshot(`golden/${config.id}.json`);
		} finally {
			model.close();
		}
	});
});
