/**
 * printable() and oneLine(): names from a model or config printed on one terminal line. Escaped: the C0
 * controls (U+0000–U+001F), DEL and the C1 controls (U+007F–U+009F), the line and paragraph separators
 * (U+2028, U+2029) and the bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069). Everything else, including other Unicode, passes unchanged.
 */
import { describe, expect, it } from 'vitest';
import { oneLine, printable } from '../../src/reader/printable.ts';

describe('printable', () => {
	it('writes newline, carriage return and tab as their short escapes', () => {
		expect(printable('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
	});

	it.each([
		['\u0000', '\\u0000'], ['\u0007', '\\u0007'], ['\u001b', '\\u001b'], ['\u001f', '\\u001f'], ['\u007f', '\\u007f'], ['\u0085', '\\u0085'],
		['\u009f', '\\u009f'], ['\u2028', '\\u2028'], ['\u2029', '\\u2029'], ['\u200e', '\\u200e'], ['\u200f', '\\u200f'], ['\u202a', '\\u202a'],
		['\u202e', '\\u202e'], ['\u2066', '\\u2066'], ['\u2069', '\\u2069'],
	])('escapes %j as %s', (c, escape) => {
		expect(printable(`x${c}y`)).toBe(`x${escape}y`);
	});

	it('leaves printable text alone, including the neighbours of every escaped range', () => {
		const safe = ' ~conv1.weight/Conv_0 é 日本語 \u00a0\u2027\u202f\u2065\u206a\u200d\u{1f600}';
		expect(printable(safe)).toBe(safe);
	});

	it('escapes a terminal control sequence so it cannot act, e.g. clearing the screen', () => {
		expect(printable('conv\u001b[2J\u001b[1;1H')).toBe('conv\\u001b[2J\\u001b[1;1H');
	});
});

describe('oneLine', () => {
	it('joins the lines of a message with single spaces, dropping the whitespace around each break and at the ends', () => {
		expect(oneLine('first line\n  second\r\n\tthird\n\n fourth \n')).toBe('first line second third fourth');
		expect(oneLine('a\nb')).toBe('a b');
		expect(oneLine('  lead\n')).toBe('lead');
	});

	it('still escapes what is left: a tab or carriage return inside a line, a control character', () => {
		expect(oneLine('name:\tx\ry\u001b')).toBe('name:\\tx\\ry\\u001b');
	});
});
