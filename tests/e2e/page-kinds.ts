/** Every kind of page the site has, one path each, from the built data: what the layout checks and the screenshots cover. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Lang = 'ja' | 'en';

export interface PageKind {
	kind: string;
	/** The path relative to a language's root. */
	path: string;
	/** The languages the page exists in: the 404 page is one file, in the default language. */
	langs: readonly Lang[];
}

/** The URL path of a page in one language, relative to the site's base. */
export function pathIn(lang: Lang, page: PageKind): string {
	return (lang === 'en' ? 'en/' : '') + page.path;
}

/** One page of each generated kind on the featured model, then every tutorial and guide page. */
export function everyPageKind(): PageKind[] {
	const { featured } = JSON.parse(readFileSync('generated/atlas.json', 'utf8')) as { featured: string };
	const both = ['ja', 'en'] as const;
	const kinds: PageKind[] = [
		{ kind: 'home', path: '', langs: both },
		{ kind: 'models index', path: 'models/', langs: both },
		{ kind: 'model page', path: `models/${featured}/`, langs: both },
		{ kind: 'layer browser', path: `models/${featured}/layers/`, langs: both },
		{ kind: 'kernel page', path: `models/${featured}/layer-0/kernel-0/`, langs: both },
		{ kind: 'compare', path: 'compare/', langs: both },
		{ kind: 'credits', path: 'credits/', langs: both },
		{ kind: '404', path: '404.html', langs: ['ja'] },
	];
	for (const section of ['tutorial', 'guides']) {
		for (const file of readdirSync(join('content', 'docs', section)).filter((f) => /\.mdx?$/.test(f)).sort()) {
			const name = file.replace(/\.mdx?$/, '');
			kinds.push({ kind: `${section}/${name}`, path: `${section}/${name}/`, langs: both });
		}
	}
	return kinds;
}
