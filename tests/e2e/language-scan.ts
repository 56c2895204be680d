/**
 * Finds text in the other language on a page: kana, kanji and full-width forms on English pages,
 * Latin-script words on Japanese pages. Text inside an element whose `lang` says it is in the other
 * language is fine (model names, the language switcher), and so is code, maths and SVG. Attributes that
 * reach a reader (alt, aria-label, title, placeholder, the description) are read too.
 */
import type { Page } from 'playwright-core';

export interface ForeignText {
	/** The other-language run itself (a word, or a run of Japanese characters). */
	text: string;
	/** Where: the text node or attribute it was found in, shortened. */
	context: string;
}

/** Lists the other-language runs on the loaded page; the page's language is its `<html lang>`. */
export function foreignText(page: Page): Promise<ForeignText[]> {
	return page.evaluate(() => {
		const pageLang = document.documentElement.lang.startsWith('en') ? 'en' : 'ja';
		// Japanese pages: whole tokens ("p2o.Conv.0", "PP-OCRv4"), so that the caller can tell identifiers from words.
		const other = pageLang === 'en' ? /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+/g : /[A-Za-z0-9][\w.\/:+@#'’-]*/g;
		const exempt = 'script, style, noscript, template, code, pre, kbd, samp, .katex, math, svg';
		const otherLang = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? pageLang).slice(0, 2) !== pageLang;
		const found: { text: string; context: string }[] = [];
		const scan = (text: string, el: Element, where: string) => {
			if (el.closest(exempt) || otherLang(el)) return;
			for (const m of text.matchAll(other)) if (pageLang === 'en' || /[A-Za-z]/.test(m[0])) found.push({ text: m[0], context: `${where}: ${text.trim().slice(0, 160)}` });
		};
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			if (node.parentElement) scan(node.textContent ?? '', node.parentElement, `<${node.parentElement.localName}>`);
		}
		for (const el of document.querySelectorAll('[alt], [aria-label], [title], [placeholder]')) {
			for (const name of ['alt', 'aria-label', 'title', 'placeholder']) {
				const value = el.getAttribute(name);
				if (value) scan(value, el, `${el.localName}[${name}]`);
			}
		}
		scan(document.title, document.documentElement, 'title');
		const description = document.querySelector('meta[name="description"]');
		if (description) scan(description.getAttribute('content') ?? '', document.documentElement, 'description');
		return found;
	});
}
