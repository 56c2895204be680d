/**
 * A rehype plugin for the tutorial's and guides' Markdown: what CSS alone cannot do for their layout.
 * - A number and its unit ("94 %", "7 px", "2.5 MB") are joined by a no-break space, so they never part.
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
			for (const child of node.children) {
				if (child.type === 'text' && !inCode) child.value = joinNumberUnits(child.value);
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
