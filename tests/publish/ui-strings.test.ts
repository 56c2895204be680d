/**
 * The UI strings in content/i18n: both languages say the same things with the same placeholders, and
 * `atlasStrings` fills them through i18next as Starlight sets it up, leaving the escaping to Astro.
 */
import { describe, expect, it } from 'vitest';
import en from '../../content/i18n/en.json' with { type: 'json' };
import ja from '../../content/i18n/ja.json' with { type: 'json' };
import { atlasStrings, layerGeometryText } from '../../src/publish/i18n.ts';
import { starlightT } from './translator.ts';

const placeholders = (text: string) => [...text.matchAll(/\{\{?\w+\}\}?/g)].map((m) => m[0]).sort();

describe('content/i18n', () => {
	it('has the same keys in both languages', () => {
		expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
	});

	it('has the same placeholders in both languages, and no empty string', () => {
		const keys = Object.keys(en) as (keyof typeof en)[];
		expect(keys.filter((key) => placeholders(ja[key]).join() !== placeholders(en[key]).join())).toEqual([]);
		expect(keys.filter((key) => !ja[key].trim() || !en[key].trim())).toEqual([]);
	});
});

describe('atlasStrings', () => {
	it('inserts values unescaped, in the page language', async () => {
		const ja = atlasStrings(await starlightT('ja'));
		const en = atlasStrings(await starlightT('en'));
		expect(ja('kernelTitle', { model: 'A & <B>', layer: 0, kernel: 7 })).toBe('A & <B>: 層 0 のカーネル 7');
		expect(en('kernelTitle', { model: 'A & <B>', layer: 0, kernel: 7 })).toBe('A & <B>: layer 0, kernel 7');
		expect(en('layersPageOf', { page: 2, pages: 3 })).toBe(' (page 2 of 3)');
	});

	it('leaves the playground’s single-brace placeholders for the browser script', async () => {
		const t = await starlightT('en');
		expect(t('playground.cell')).toBe('row {r}, column {c}');
	});
});

describe('layerGeometryText', () => {
	const layer = { weightShape: [8, 3, 3, 3], transposed: false, onnx: null };
	it('prints symmetric padding once and asymmetric padding as begin / end', async () => {
		const t = atlasStrings(await starlightT('en'));
		expect(layerGeometryText(t, { ...layer, geometry: { strides: [2, 2], pads: [1, 1, 1, 1], group: 1, dilations: [1, 1] } })).toEqual({ op: 'Conv2d', stride: '2×2', padding: '1×1', groups: '1' });
		expect(layerGeometryText(t, { ...layer, geometry: { strides: [1, 1], pads: [0, 0, 1, 1], group: 8, dilations: [1, 1] } }).padding).toBe('0×0 / 1×1');
	});
	it('says a checkpoint records no geometry, in the page language', async () => {
		const t = atlasStrings(await starlightT('ja'));
		expect(layerGeometryText(t, { ...layer, geometry: null })).toEqual({ op: 'Conv2d', stride: '記録なし（チェックポイント）', padding: '記録なし（チェックポイント）', groups: '記録なし（チェックポイント）' });
	});
});
