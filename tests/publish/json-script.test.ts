/** Inline JSON cannot end its script element, and reads back as the same value. */
import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../src/publish/json-script.ts';

describe('jsonForScript', () => {
	const hostile = { title: '</script><script>alert(1)</script>', more: ['a & b > c', '\u2028\u2029', '<!--'] };
	it('holds no "<", ">" or "&" that an HTML parser could act on', () => {
		expect(jsonForScript(hostile)).not.toMatch(/[<>&\u2028\u2029]/);
	});
	it('reads back as the same value', () => {
		expect(JSON.parse(jsonForScript(hostile))).toEqual(hostile);
	});
});
