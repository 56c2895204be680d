/** The facts the layer table and the layer browser print, and the permalinks they link, from hand-written expectations. */
import { describe, expect, it } from 'vitest';
import type { LayerData } from '../../src/pipeline/atlas-data.ts';
import { atlasStrings } from '../../src/publish/i18n.ts';
import { LAYER_FACTS, LAYER_TABLE_FACTS, layerFacts } from '../../src/publish/layer-facts.ts';
import { kernelPath, layerPagePath, layersPath, LAYERS_PER_PAGE } from '../../src/publish/routes.ts';
import { starlightT } from './translator.ts';

const strings = async (lang: 'ja' | 'en') => atlasStrings(await starlightT(lang));

/** ResNet's stem as ONNX records it: 32 kernels of 3 × 3 × 3, stride 2, padding 1, no bias, batch norm folded away. */
const stem = {
	index: 0,
	weightShape: [32, 3, 3, 3],
	transposed: false,
	geometry: { strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1 },
	onnx: { op: 'Conv' },
	bias: false,
	params: 864,
	receptiveField: 3,
	followedByBatchNorm: false,
	dtype: 'float32',
	storage: 'initializer',
} as unknown as LayerData;

describe('layerFacts', () => {
	it('writes every fact of a layer in English', async () => {
		expect(layerFacts(await strings('en'), 'en', stem)).toEqual({
			op: 'Conv',
			shape: '[32, 3, 3, 3]',
			stride: '2×2',
			padding: '1×1',
			groups: '1',
			bias: 'no',
			params: '864',
			receptiveField: '3\u00a0px', // a no-break space: the number never parts from its unit
			batchNorm: 'no',
			dtype: 'float32 (initializer)',
		});
	});

	it('writes them in Japanese, with full-width parentheses and a checkpoint’s missing geometry said', async () => {
		const checkpoint = { ...stem, geometry: null, onnx: null, bias: true, params: 1_234_567, receptiveField: null, followedByBatchNorm: true, storage: 'checkpoint' } as LayerData;
		expect(layerFacts(await strings('ja'), 'ja', checkpoint)).toEqual({
			op: 'Conv2d',
			shape: '[32, 3, 3, 3]',
			stride: '記録なし（チェックポイント）',
			padding: '記録なし（チェックポイント）',
			groups: '記録なし（チェックポイント）',
			bias: 'あり',
			params: '1,234,567',
			receptiveField: '—',
			batchNorm: 'あり',
			dtype: 'float32（チェックポイントのテンソル）',
		});
	});

	it('gives the table the columns of print(model), the browser every fact', () => {
		expect(LAYER_TABLE_FACTS).toEqual(['op', 'shape', 'stride', 'padding', 'groups', 'bias', 'params', 'receptiveField']);
		expect(LAYER_FACTS.length).toBe(10);
	});
});

describe('routes', () => {
	it('pages the layer browser by LAYERS_PER_PAGE and links a layer to its page and anchor', () => {
		expect(LAYERS_PER_PAGE).toBe(24);
		expect(layerPagePath('m', 0)).toBe('models/m/layers/#layer-0');
		expect(layerPagePath('m', 23)).toBe('models/m/layers/#layer-23');
		expect(layerPagePath('m', 24)).toBe('models/m/layers/2/#layer-24');
		expect(layersPath('m', 2)).toBe('models/m/layers/3/');
		expect(kernelPath('m', 0, 7)).toBe('models/m/layer-0/kernel-7/');
	});
});
