/**
 * Matching a reader can check, read from the built HTML (dist/) as a reader sees it:
 * - on every kernel page, the cosine of the shown compared matrix with each shown template is the shown
 *   cosine, within what the shown precision allows, and the shown similarity is the best |cosine|;
 * - the compared matrix is the shown weighted sum of the shown channel matrices;
 * - every family and group the analysis can report has an anchor on the glossary, in both languages,
 *   and every glossary link on the built pages lands on one.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, GROUPS } from '../../src/analysis/index.ts';

const dist = 'dist';
const atlas = JSON.parse(readFileSync('generated/atlas.json', 'utf8')) as { featured: string; models: { id: string }[] };

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

/** A KaTeX matrix's TeX (from its MathML annotation): the label before `=` and the rows of numbers. */
function texMatrix(html: string): { label: string; rows: number[][] } {
	const tex = decode(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/.exec(html)![1]!);
	const m = /^(?:(.*?) = )?\\begin\{bmatrix\}([\s\S]*)\\end\{bmatrix\}$/.exec(tex.trim())!;
	return { label: m[1] ?? '', rows: m[2]!.split('\\\\').map((row) => row.split('&').map((v) => Number(v.trim()))) };
}

/** Numbers as the page prints them (ja and en both use "." and "," for thousands; a Unicode minus too). */
const num = (text: string) => Number(text.replace(/,/g, '').replace(/−/g, '-').trim());

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

/**
 * The most a cosine can move when each entry of a and b moves by at most ea and eb (rounding): the
 * angle between a and a + δ is at most asin(‖δ‖ / ‖a‖), and cos is 1-Lipschitz in the angle.
 */
function roundingBound(a: number[], ea: number, b: number[], eb: number): number {
	const angle = (v: number[], e: number) => Math.asin(Math.min(1, (e * Math.sqrt(v.length)) / norm(v)));
	return angle(a, ea) + angle(b, eb);
}

function kernelPages(prefix: string): { file: string; html: string }[] {
	const out: { file: string; html: string }[] = [];
	for (const { id } of atlas.models) {
		const dir = join(dist, prefix, 'models', id);
		if (!existsSync(dir)) continue;
		for (const layer of readdirSync(dir).filter((d) => d.startsWith('layer-'))) {
			for (const kernel of readdirSync(join(dir, layer)).filter((d) => d.startsWith('kernel-'))) {
				const file = join(dir, layer, kernel, 'index.html');
				out.push({ file, html: readFileSync(file, 'utf8') });
			}
		}
	}
	return out;
}

describe.each(['', 'en'])('kernel pages (language prefix "%s")', (prefix) => {
	const pages = kernelPages(prefix);

	it('exist for the featured model', () => {
		expect(pages.some((p) => p.file.includes(`/models/${atlas.featured}/`))).toBe(true);
	});

	it('show a compared matrix and three templates whose cosines recompute from the shown numbers', () => {
		let checked = 0;
		for (const { file, html } of pages) {
			const compared = /<div class="compared-matrix[^"]*" data-digits="(\d+)"[^>]*>([\s\S]*?)<\/div>/.exec(html);
			if (!compared) continue; // 1 × 1 kernels have no spatial pattern to compare
			const digits = Number(compared[1]);
			const K = texMatrix(compared[2]!).rows.flat();
			const templates = [...html.matchAll(/<figure class="template[ "][^>]*>([\s\S]*?)<\/figure>/g)];
			expect(templates, file).toHaveLength(3);
			const cosines: number[] = [];
			for (const [, body] of templates) {
				const T = texMatrix(body!).rows.flat();
				const shown = num(/<span class="template-cosine[ "][^>]*>([^<]+)<\/span>/.exec(body!)![1]!);
				const recomputed = dot(K, T) / (norm(K) * norm(T));
				// Entries rounded to `digits` and 3 decimals, the cosine itself to 3 decimals.
				const tolerance = roundingBound(K, 0.5 * 10 ** -digits, T, 0.5e-3) + 0.5e-3 + 1e-9;
				expect(Math.abs(recomputed - shown), `${file}: cos ${recomputed} vs shown ${shown} (± ${tolerance})`).toBeLessThanOrEqual(tolerance);
				cosines.push(shown);
			}
			// Best first, and the similarity shown at the top is the first template's |cosine|.
			for (let i = 1; i < cosines.length; i++) expect(Math.abs(cosines[i]!), file).toBeLessThanOrEqual(Math.abs(cosines[i - 1]!) + 1e-3);
			const score = /<dd class="match-score[ "][^>]*>([^<]+)<\/dd>/.exec(html);
			if (score) expect(num(score[1]!), file).toBeCloseTo(Math.abs(cosines[0]!), 3);
			checked++;
		}
		expect(checked).toBeGreaterThan(0);
	});

	it('show the compared matrix as the stated weighted sum of the shown channels', () => {
		let checked = 0;
		for (const { file, html } of pages) {
			const compared = /<div class="compared-matrix[^"]*" data-digits="(\d+)"[^>]*>([\s\S]*?)<\/div>/.exec(html);
			if (!compared) continue;
			const digits = Number(compared[1]);
			const K = texMatrix(compared[2]!).rows.flat();
			// The formula, e.g. "K = 0.114·B + 0.587·G + 0.299·R (channels…" or "K = R + G + B (…" (weights 1).
			const formula = /K = ([^()（）]+?)(?: です)?[(（](?:channels in the model's order|チャンネルはモデルの順番)/.exec(decode(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' '));
			expect(formula, `${file}: no formula`).not.toBeNull();
			const terms = formula![1]!.split(' + ').map((term) => {
				const [w, name] = term.includes('·') ? term.split('·') : ['1', term];
				return { w: Number(w), name: name!.trim() };
			});
			// The channel matrices follow, labelled \text{NAME}, with 3 decimals.
			const channels = new Map<string, number[]>();
			for (const [, body] of html.matchAll(/<div class="kernel-matrix[ "][^>]*>([\s\S]*?)<\/div>/g)) {
				const m = texMatrix(body!);
				const label = /^\\text\{(.*)\}$/.exec(m.label);
				if (label) channels.set(label[1]!, m.rows.flat());
			}
			if (terms.some((t) => !channels.has(t.name))) continue; // 3-D kernels: channels are not 2-D matrices
			K.forEach((k, i) => {
				const sum = terms.reduce((s, t) => s + t.w * channels.get(t.name)![i]!, 0);
				const tolerance = terms.reduce((s, t) => s + Math.abs(t.w) * 0.5e-3, 0) + 0.5 * 10 ** -digits + 1e-9;
				expect(Math.abs(sum - k), `${file}: entry ${i}`).toBeLessThanOrEqual(tolerance);
			});
			checked++;
		}
		expect(checked).toBeGreaterThan(0);
	});
});

describe.each(['', 'en'])('the glossary (language prefix "%s")', (prefix) => {
	const html = readFileSync(join(dist, prefix, 'glossary', 'index.html'), 'utf8');
	const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!));
	const anchor = (group: string) => (ids.has(group) ? group : `group-${group}`);

	it('introduces every family the analysis can report, and every group', () => {
		for (const family of FAMILIES) expect(ids.has(family), family).toBe(true);
		for (const group of GROUPS) expect(ids.has(anchor(group)), group).toBe(true);
	});

	it('is where the tables link to, and every such link lands on an anchor', () => {
		const pages = [join(dist, prefix, 'models', atlas.featured, 'index.html'), join(dist, prefix, 'tutorial', 'learned-kernels', 'index.html'), join(dist, prefix, 'compare', 'index.html'), ...kernelPages(prefix).slice(0, 8).map((p) => p.file)];
		let links = 0;
		for (const file of pages) {
			for (const [, target] of readFileSync(file, 'utf8').matchAll(/href="[^"]*\/glossary\/#([^"]+)"/g)) {
				expect(ids.has(target!), `${file} links to #${target}`).toBe(true);
				links++;
			}
		}
		expect(links).toBeGreaterThan(10);
		// The model page's census links every family row it shows.
		const model = readFileSync(pages[0]!, 'utf8');
		const census = [...model.matchAll(/<table class="family-census[ "][^>]*>([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
		for (const table of census) {
			const rows = [...table.matchAll(/<th scope="row"[^>]*>([\s\S]*?)<\/th>/g)];
			expect(rows.length).toBeGreaterThan(0);
			for (const [, cell] of rows) expect(cell, 'census row without a glossary link').toMatch(/\/glossary\/#/);
		}
	});
});
