/**
 * Prose that names one of the site's pages links to it, at least once per page of prose. The names
 * are the ones the prose uses (not every word that could refer to a page: "gallery" alone is also the
 * common noun), so this catches "the layer browser lists…" without a link, not every paraphrase.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOCS = 'content/docs';

/** The pages prose names, the names it uses in either language, and what counts as a link to each. */
const PAGES = [
	{ page: 'the layer browser', names: ['層ブラウザー', 'レイヤー一覧', 'layer browser'], link: /\]\([^)]*\/layers\/[^)]*\)|<ModelLink [^>]*to="layers"/ },
	{ page: 'a model gallery', names: ['モデルのギャラリー', "model's gallery", 'model gallery'], link: /\]\([^)]*models\/[^)]*\)|<ModelLink(?![^>]*to="layers")[ >]/ },
	{ page: 'the credits page', names: ['クレジットのページ', 'クレジットページ', 'credits page'], link: /\]\([^)]*credits\/\)/ },
	{ page: 'classical vs learned', names: ['古典的フィルタと学習済みフィルタ', 'classical vs learned'], link: /\]\([^)]*compare\/\)/ },
];

/** Mentions knowingly left unlinked (none): a line here must be removed once its link is added. */
const PENDING: string[] = [];

function docsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docsFiles(join(dir, e.name)) : /\.mdx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The text a reader sees: no front matter, imports, code, or tag attributes. */
function prose(source: string): string {
	return source
		.replace(/^---\n[\s\S]*?\n---\n/, '')
		.replace(/^(import|export) .*$/gm, '')
		.replace(/^(\s*)```[\s\S]*?^\1```/gm, '')
		.replace(/`[^`\n]*`/g, '')
		.replace(/<[^>]*>/g, '');
}

/** Every "names a page without linking to it" in the docs. */
function unlinkedMentions(): string[] {
	const found: string[] = [];
	for (const file of docsFiles(DOCS).sort()) {
		const source = readFileSync(file, 'utf8');
		const text = prose(source).toLowerCase();
		for (const { page, names, link } of PAGES) {
			if (names.some((n) => text.includes(n.toLowerCase())) && !link.test(source)) found.push(`${relative(DOCS, file)}: names ${page} without linking to it`);
		}
	}
	return found;
}

describe('prose links the pages it names', () => {
	it('finds every unlinked mention but the known ones', () => {
		expect(unlinkedMentions()).toEqual(PENDING);
	});

	it('catches a mention without a link, and accepts it once linked', () => {
		const text = prose('---\ntitle: x\n---\nThe layer browser lists every layer.\n```sh\nlayer browser\n```\n');
		expect(text).toContain('layer browser');
		expect(prose('`layer browser`')).not.toContain('layer browser');
		expect(PAGES[0]!.link.test('The <ModelLink to="layers">layer browser</ModelLink> lists')).toBe(true);
		expect(PAGES[1]!.link.test('the <ModelLink to="layers">layer browser</ModelLink>')).toBe(false);
		expect(PAGES[1]!.link.test('the <ModelLink>gallery</ModelLink>')).toBe(true);
		expect(PAGES[0]!.link.test('[layer browser](../../models/resnet/layers/)')).toBe(true);
		expect(PAGES[0]!.link.test('[gallery](../../models/)')).toBe(false);
	});
});
