/** The Markdown layout plugin: numbers keep their units, scrolling tables and maths are reachable and named. */
import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import rehypeLayout, { joinNumberUnits } from '../../src/publish/rehype-layout.ts';

const text = (value: string) => ({ type: 'text' as const, value });
const el = (tagName: string, children: Element['children'] = [], properties: Element['properties'] = {}): Element => ({ type: 'element', tagName, properties, children });

describe('joinNumberUnits', () => {
	it.each([
		['94 % of kernels', '94\u00a0% of kernels'],
		['a 7 px field, 2.5 MB and 579.0 kB', 'a 7\u00a0px field, 2.5\u00a0MB and 579.0\u00a0kB'],
		['in 12 ms', 'in 12\u00a0ms'],
		['1 層目の 64 個', '1 層目の 64 個'],
		['3 pixels, 5 MBps', '3 pixels, 5 MBps'],
	])('%j → %j', (input, expected) => {
		expect(joinNumberUnits(input)).toBe(expected);
	});
});

describe('rehypeLayout', () => {
	function run(tree: Root): Root {
		rehypeLayout()(tree);
		return tree;
	}

	it('makes a table focusable and names it after the heading it follows, unless it has a caption', () => {
		const bare = el('table', [el('tbody')]);
		const captioned = el('table', [el('caption', [text('Layers')]), el('tbody')]);
		run({ type: 'root', children: [el('h2', [text('Output '), el('em', [text('size')])]), bare, captioned] });
		expect(bare.properties).toEqual({ tabIndex: 0, ariaLabel: 'Output size' });
		expect(captioned.properties).toEqual({ tabIndex: 0 });
	});

	it('makes display maths focusable, and leaves the text of maths and code alone', () => {
		const display = el('span', [el('span', [text('3 px')], { className: ['katex'] })], { className: ['katex-display'] });
		const code = el('code', [text('50 %')]);
		const prose = el('p', [text('a 3 px step, '), code]);
		run({ type: 'root', children: [display, prose] });
		expect(display.properties.tabIndex).toBe(0);
		expect(display.children[0]).toMatchObject({ children: [{ value: '3 px' }] });
		expect(code.children[0]).toMatchObject({ value: '50 %' });
		expect(prose.children[0]).toMatchObject({ value: 'a 3\u00a0px step, ' });
	});

	it('lets Japanese text break before an opening quotation mark (a <wbr>), not at its start, after a space or in code', () => {
		const heading = el('h2', [text('カーネルは「好きな模様」と「形」')]);
		const start = el('p', [text('「好き」から '), el('code', [text('a「b')]), text(' 「x」')]);
		run({ type: 'root', children: [heading, start] });
		const wbr = { type: 'element', tagName: 'wbr', properties: {}, children: [] };
		expect(heading.children).toEqual([text('カーネルは'), wbr, text('「好きな模様」と'), wbr, text('「形」')]);
		expect(start.children).toEqual([text('「好き」から '), el('code', [text('a「b')]), text(' 「x」')]);
	});
});
