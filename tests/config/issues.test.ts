/**
 * How a config problem shows the value it found (`shown`, used in every "got …" of a config error): JSON as
 * `JSON.stringify` writes it, with "a list" or "an object" in front, cut to 57 characters and an ellipsis
 * past 60.
 */
import { describe, expect, it } from 'vitest';
import { shown } from '../../src/config/issues.ts';

describe('shown', () => {
	it.each([
		['nothing', undefined, 'nothing'],
		['null', null, 'null'],
		['a number', 1.5, '1.5'],
		['a boolean', false, 'false'],
		['a text', 'RGBA', '"RGBA"'],
		['an empty list', [], 'a list []'],
		['an empty object', {}, 'an object {}'],
		['an object', { ja: 'テスト', size: [224, null] }, 'an object {"ja":"テスト","size":[224,null]}'],
		['objects in a list', [{ a: 1 }, { b: { c: true } }], 'a list [{"a":1},{"b":{"c":true}}]'],
	])('%s: %j → %s', (_, value, expected) => {
		expect(shown(value)).toBe(expected);
	});

	it('60 characters of JSON are shown whole, 61 are cut to 57 and an ellipsis', () => {
		const sixty = 'x'.repeat(58); // with its two quotes, 60 characters
		expect(shown(sixty)).toBe(JSON.stringify(sixty));
		expect(shown(`${sixty}y`)).toBe(`"${'x'.repeat(56)}…`);
		const list = Array.from({ length: 100 }, (_, i) => i);
		expect(shown(list)).toBe(`a list ${JSON.stringify(list).slice(0, 57)}…`);
		const object = Object.fromEntries(list.map((i) => [`k${i}`, i]));
		expect(shown(object)).toBe(`an object ${JSON.stringify(object).slice(0, 57)}…`);
	});
});
