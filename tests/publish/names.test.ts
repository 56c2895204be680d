/** Every family, group and storage kind the analysis and readers can emit has a name in both languages; an unknown one is an error, never the raw id. */
import { describe, expect, it } from 'vitest';
import { FAMILIES, FAMILY_GROUPS } from '../../src/analysis/templates.ts';
import { familyName, groupName, storageName, UnknownNameError } from '../../src/publish/names.ts';

const KANA_OR_KANJI = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe.each([
	{ what: 'family', ids: [...FAMILIES], name: familyName },
	{ what: 'group', ids: [...new Set(Object.values(FAMILY_GROUPS))], name: groupName },
	{ what: 'storage', ids: ['initializer', 'constant', 'external', 'dequantized', 'quantized', 'dynamic', 'checkpoint'], name: storageName },
])('$what names', ({ what, ids, name }) => {
	it('are Japanese on Japanese pages and English on English pages', () => {
		for (const id of ids) {
			expect(name('ja', id), id).toMatch(KANA_OR_KANJI);
			expect(name('en', id), id).not.toMatch(KANA_OR_KANJI);
		}
	});
	it('refuse an id they do not know, naming it and the file to add it to', () => {
		expect(() => name('en', 'no-such-id')).toThrow(UnknownNameError);
		expect(() => name('ja', 'no-such-id')).toThrow(`no ${what} name for "no-such-id": add it to src/publish/names.ts`);
		expect(() => name('ja', 'toString')).toThrow(UnknownNameError);
	});
});

describe('familyName', () => {
	it('names the families as the textbooks do', () => {
		expect(familyName('en', 'sobel-horizontal')).toBe('Sobel (horizontal edges)');
		expect(familyName('ja', 'laplacian')).toBe('ラプラシアン');
	});
});
