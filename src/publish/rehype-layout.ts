/**
 * A rehype plugin for the tutorial's and guides' Markdown: what CSS alone cannot do for their layout.
 * - A number and its unit ("94 %", "7 px", "2.5 MB") are joined by a no-break space, so they never part.
 * - Japanese text may break before an opening quotation mark 「 (a `<wbr>`): Chromium's phrase breaking
 *   (word-break: auto-phrase) keeps "カーネルは「好きな模様」" as one phrase, which spilled out of a phone's
 *   column as a heading.
 * - Tables and display maths may scroll sideways on a phone: each becomes reachable by keyboard
 *   (tabindex), and a table without a caption is named after the heading it follows.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

/** A number, a space, a unit: the space becomes a no-break space. */
export const NUMBER_UNIT = /(\d) (%|px|[kMG]B\b|ms\b)/g;

/** Joins each number and its unit in `text` with a no-break space. */
export function joinNumberUnits(text: string): string {
	return text.replace(NUMBER_UNIT, '$1\u00a0$2');
}

/** Where Japanese text may break: before 「 that follows a character (not at the start, not after a space). */
const BEFORE_QUOTE = /(?<=[^\s])(?=「)/u;

/** `value` as text nodes with a `<wbr>` at each place it may break before 「 (the nodes themselves if none). */
export function quoteBreaks(value: string): ElementContent[] {
	return value.split(BEFORE_QUOTE).flatMap((part, i): ElementContent[] => [
		...(i > 0 ? [{ type: 'element', tagName: 'wbr', properties: {}, children: [] } as Element] : []),
		{ type: 'text', value: part },
	]);
}

function textOf(node: RootContent | ElementContent): string {
	if (node.type === 'text') return node.value;
	if (node.type === 'element') return node.children.map(textOf).join('');
	return '';
}

function hasClass(node: Element, name: string): boolean {
	const cls = node.properties.className;
	return Array.isArray(cls) && cls.includes(name);
}

/** The rehype plugin (after rehype-katex). */
export default function rehypeLayout() {
	return (tree: Root) => {
		let heading = '';
		const walk = (node: Root | Element, inCode: boolean) => {
			node.children = node.children.flatMap((child) => (child.type === 'text' && !inCode ? quoteBreaks(joinNumberUnits(child.value)) : [child])) as typeof node.children;
			for (const child of node.children) {
				if (child.type !== 'element') continue;
				if (/^h[1-6]$/.test(child.tagName)) heading = textOf(child).trim();
				if (child.tagName === 'table') {
					child.properties.tabIndex = 0;
					const caption = child.children.some((c) => c.type === 'element' && c.tagName === 'caption');
					if (!caption && heading) child.properties.ariaLabel = heading;
				}
				if (child.tagName === 'span' && hasClass(child, 'katex-display')) child.properties.tabIndex = 0;
				// KaTeX's own text and code are left as written.
				walk(child, inCode || child.tagName === 'code' || child.tagName === 'pre' || hasClass(child, 'katex'));
			}
		};
		walk(tree, false);
	};
}
