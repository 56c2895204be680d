/**
 * Layout checks that run inside the page (passed to `page.evaluate`), each returning a list of problems
 * as one-line strings (empty when the page is fine). They measure what the browser laid out, so they
 * hold for any content: boxes against their contents, text fragments against line boxes.
 * Each function is self-contained (no closures), as `page.evaluate` serialises it.
 */

/** Options of `horizontalOverflow`. */
export interface OverflowOptions {
	/**
	 * Which boxes, besides code blocks and display maths, may scroll sideways: `any` (a phone), `tables`
	 * (a table whose words and maths cannot wrap further), `none` (pages whose tables must fit).
	 */
	scrolling: 'any' | 'tables' | 'none';
}

/**
 * Boxes whose content is wider than the box: the page itself, and any element in `main` that does not
 * scroll (its content spills over its neighbours or is clipped). Boxes that scroll must be reachable by
 * keyboard and named, and a table's caption must stay in view.
 */
export function horizontalOverflow({ scrolling }: OverflowOptions): string[] {
	const describe = (el: Element) => {
		const cls = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
		const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
		return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}> "${text}"`;
	};
	const problems: string[] = [];
	const root = document.documentElement;
	if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${root.clientWidth} px`);
	const spilling: Element[] = [];
	for (const el of document.querySelectorAll('main *')) {
		// KaTeX's inner boxes are positioned by design; `.katex` itself is measured by `brokenInlineText`.
		if (el.closest('.katex, svg')) continue;
		const style = getComputedStyle(el);
		if (style.display === 'inline' || style.display === 'none' || style.display === 'contents') continue;
		if (el.clientWidth === 0 || el.getBoundingClientRect().width <= 1) continue; // hidden, or visually hidden for screen readers
		// KaTeX draws sub- and superscripts with a 2 px empty cell past their box (.vlist-s, a Safari fix): not content.
		const slack = el.querySelector('.katex') ? 2 : 0;
		if (el.scrollWidth <= el.clientWidth + 1 + slack) continue;
		// A crop window clips by design: a box that hides its overflow and holds one image and no text (a
		// gallery kernel is its cell of the view's sheet, src/components/atlas/AtlasImage.astro).
		const crop = (style.overflowX === 'hidden' || style.overflowX === 'clip') && el.children.length === 1 && el.firstElementChild!.matches('img') && !(el.textContent ?? '').trim();
		if (crop) continue;
		const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
		if (!scrolls) {
			spilling.push(el);
			continue;
		}
		const codeOrMaths = el.matches('pre, .expressive-code *, .katex-display');
		const allowed = codeOrMaths || scrolling === 'any' || (scrolling === 'tables' && el.matches('table'));
		if (!allowed) problems.push(`${describe(el)} scrolls sideways at this width: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
		const focusable = el.matches('[tabindex]') || el.querySelector('a[href], button, input, [tabindex]') !== null;
		if (!focusable) problems.push(`${describe(el)} scrolls sideways but cannot be reached by keyboard`);
		if (!codeOrMaths && !el.matches('[aria-label], [aria-labelledby]') && !el.querySelector('caption')) problems.push(`${describe(el)} scrolls sideways but has no name (aria-label or caption)`);
		const caption = el.querySelector('caption')?.getBoundingClientRect();
		const box = el.getBoundingClientRect();
		if (caption && (caption.left < box.left - 1 || caption.right > box.left + el.clientWidth + 1)) problems.push(`${describe(el)}: its caption is cut off (${Math.round(caption.width)} px wide in a ${el.clientWidth} px view)`);
	}
	// Report the innermost culprits: an ancestor's overflow is only theirs, propagated.
	for (const el of spilling) {
		if (spilling.some((other) => other !== el && el.contains(other))) continue;
		problems.push(`${describe(el)} is ${el.clientWidth} px wide but its content ${el.scrollWidth} px`);
	}
	return problems;
}

/**
 * Text that must stay on one line but was broken over two: inline maths, a number with its unit
 * ("94 %", "2.5 MB", "7 px"), and Japanese words as the browser's own segmenter (Intl.Segmenter) finds
 * them: in a label (a block of at most 24 characters: headers, captions, names) every word, in prose the
 * katakana words ("カーネル", "ダイレーション"). Prose may break between other characters, as Japanese does.
 */
export function brokenInlineText(): string[] {
	const lines = (rects: DOMRectList | DOMRect[]) => {
		const tops: number[] = [];
		for (const r of rects) {
			if (r.width < 0.5 || r.height < 0.5) continue;
			if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
		}
		return tops.length;
	};
	const problems: string[] = [];
	for (const el of document.querySelectorAll('main .katex')) {
		if (el.closest('.katex-display')) continue;
		if (lines(el.getClientRects()) > 1) problems.push(`inline maths "${el.querySelector('annotation')?.textContent ?? el.textContent}" spans two lines`);
	}
	const numberUnit = /\d(?:[.,]\d+)*[ \u00a0\u202f]?(?:%|px|[kKMG]B\b|ms\b)/g;
	const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
	const japanese = /^[\u3040-\u30ff\u4e00-\u9fff]{2,}$/;
	const katakana = /^[\u30a0-\u30ff]{2,}$/;
	const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT, {
		acceptNode: (node) => (node.parentElement?.closest('.katex, script, style, pre, [hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
	});
	const range = document.createRange();
	const spansLines = (node: Text, start: number, end: number) => {
		range.setStart(node, start);
		range.setEnd(node, end);
		return lines(range.getClientRects()) > 1;
	};
	for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
		const text = node.data;
		for (const m of text.matchAll(numberUnit)) {
			if (spansLines(node, m.index, m.index + m[0].length)) problems.push(`"${m[0]}" spans two lines in "${text.trim().slice(0, 60)}"`);
		}
		if (!/[\u3040-\u30ff]/.test(text)) continue;
		const block = node.parentElement?.closest('p, li, td, th, dt, dd, caption, figcaption, h1, h2, h3, h4, h5, h6, label, legend, div');
		const label = (block?.textContent ?? text).trim().length <= 24;
		for (const { segment, index, isWordLike } of segmenter.segment(text)) {
			if (!isWordLike || !(label ? japanese : katakana).test(segment)) continue;
			if (spansLines(node, index, index + segment.length)) problems.push(`the word "${segment}" is broken over two lines in "${text.trim().slice(0, 60)}"`);
		}
	}
	return problems;
}

/** Pairs of boxes in a list of facts (`dl.stats-list`) that overlap: each fact must have its own space. */
export function overlappingFacts(): string[] {
	const problems: string[] = [];
	for (const list of document.querySelectorAll('main dl.stats-list')) {
		const items = [...list.children].map((el) => ({ el, r: el.getBoundingClientRect(), content: [...el.querySelectorAll('dt, dd, dd *')].map((c) => c.getBoundingClientRect()) }));
		for (const [i, a] of items.entries()) {
			for (const b of items.slice(i + 1)) {
				// The item boxes, and what is drawn in them (a long URL can spill out of its own box).
				const drawnA = [a.r, ...a.content];
				const drawnB = [b.r, ...b.content];
				const hit = drawnA.some((p) => drawnB.some((q) => p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5));
				if (hit) problems.push(`"${a.el.querySelector('dt')?.textContent}" and "${b.el.querySelector('dt')?.textContent}" overlap`);
			}
		}
	}
	return problems;
}

/** Bars (`.bar`) drawn over the number they stand for: a bar must sit beside its text, not under it. */
export function barsOverText(): string[] {
	const problems: string[] = [];
	const range = document.createRange();
	for (const bar of document.querySelectorAll('main .bar')) {
		const cell = bar.closest('td, th, li, div') ?? bar.parentElement!;
		const b = bar.getBoundingClientRect();
		if (b.width < 0.5) continue;
		const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			if (!node.textContent?.trim()) continue;
			range.selectNodeContents(node);
			for (const r of range.getClientRects()) {
				if (r.left < b.right - 0.5 && b.left < r.right - 0.5 && r.top < b.bottom - 0.5 && b.top < r.bottom - 0.5) {
					problems.push(`a bar is drawn over "${node.textContent.trim()}"`);
				}
			}
		}
	}
	return problems;
}
