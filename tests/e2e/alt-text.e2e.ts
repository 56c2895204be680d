/**
 * Every image's text alternative in the built site (dist/, as `npm run build` wrote it), read from the
 * HTML: a Japanese page's alt holds no Latin words but identifiers (a digit, dot, slash, colon or
 * underscore in them), symbols and the names listed here; an English page's alt holds no kana, kanji or
 * full-width forms and no raw family ids (`sobel-horizontal`), which are the data's, not a reader's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/analysis/index.ts';

/** Latin words a Japanese alt may hold: channel letters, units, the LoG and viridis names, and the models' and layers' names. */
const JA_ALLOWED = new Set('R G B RGB BGR px LoG DoG viridis'.split(' '));

function pages(dir = 'dist', found: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			if (!['_astro', 'atlas', 'pagefind'].includes(name)) pages(path, found);
		} else if (name.endsWith('.html')) found.push(relative('dist', path).split('\\').join('/'));
	}
	return found;
}

const decode = (s: string) =>
	s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!,
	);

/** Every `<img>` alt on the page, with the page's language. */
function alts(file: string): { lang: 'ja' | 'en'; alt: string }[] {
	const html = readFileSync(join('dist', file), 'utf8');
	const lang = /<html[^>]*\slang="en/.test(html) ? 'en' : 'ja';
	return [...html.matchAll(/<img\b[^>]*?\salt="([^"]*)"/g)].map((m) => ({ lang, alt: decode(m[1]!) }));
}

/** Names the Japanese alt legitimately quotes: model layer names (`conv1`, `features.0`) are identifiers; these are words. */
function modelWords(): Set<string> {
	const words = new Set<string>();
	for (const file of readdirSync('generated/models').filter((f) => f.endsWith('.json'))) {
		const model = JSON.parse(readFileSync(join('generated/models', file), 'utf8')) as { layers: { name: string; module?: string | null }[] };
		for (const l of model.layers) for (const w of `${l.module ?? ''} ${l.name}`.split(/[^A-Za-z]+/)) if (w) words.add(w);
	}
	return words;
}

describe('text alternatives in the built site', () => {
	const all = pages().flatMap((file) => alts(file).map((a) => ({ file, ...a })));
	const layerWords = modelWords();

	it('covers both languages and every kind of image', () => {
		expect(all.filter((a) => a.lang === 'ja').length).toBeGreaterThan(100);
		expect(all.filter((a) => a.lang === 'en').length).toBeGreaterThan(100);
		for (const start of ['カーネル', '層', 'カラーバー']) expect(all.some((a) => a.lang === 'ja' && a.alt.startsWith(start)), start).toBe(true);
		for (const start of ['Kernel', 'Mosaic of layer', 'Layer', 'Colour bar']) expect(all.some((a) => a.lang === 'en' && a.alt.startsWith(start)), start).toBe(true);
	});

	it('Japanese alts hold no English words', () => {
		const found = all
			.filter((a) => a.lang === 'ja')
			.flatMap((a) => [...a.alt.matchAll(/[A-Za-z0-9][\w.\/:+@#'’-]*/g)].map((m) => ({ word: m[0], file: a.file, alt: a.alt.slice(0, 120) })))
			.filter(({ word }) => /[A-Za-z]/.test(word) && !/[0-9._/:@#]/.test(word) && !JA_ALLOWED.has(word) && !layerWords.has(word));
		expect(found.slice(0, 5)).toEqual([]);
	});

	it('English alts hold no Japanese and no raw family ids', () => {
		const ids = FAMILIES.filter((f) => f.includes('-'));
		const found = all
			.filter((a) => a.lang === 'en')
			.flatMap((a) => {
				const bad = [...(a.alt.match(/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+/g) ?? []), ...ids.filter((id) => a.alt.includes(id))];
				return bad.map((word) => ({ word, file: a.file, alt: a.alt.slice(0, 120) }));
			});
		expect(found.slice(0, 5)).toEqual([]);
	});
});
