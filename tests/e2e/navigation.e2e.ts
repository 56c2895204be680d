/**
 * The sidebar lists every tutorial and guide page, in order, in both languages, and each of those
 * pages links to its neighbours. The expectation comes from the content files themselves, so a new
 * page the sidebar leaves out, or a page out of order, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

interface Expected {
	path: string;
	title: string;
}

/** The pages of a docs folder in sidebar order (frontmatter `sidebar.order`), as site paths under the base. */
function expectedPages(prefix: string, folder: string): Expected[] {
	const dir = join('content/docs', prefix, folder);
	return readdirSync(dir)
		.filter((name) => /^[^_].*\.mdx?$/.test(name))
		.map((name) => {
			const data = parseFrontmatter(readFileSync(join(dir, name), 'utf8')).frontmatter;
			return { order: data.sidebar?.order as number, title: (data.sidebar?.label ?? data.title) as string, path: new URL(siteUrl(`${prefix}${folder}/${name.replace(/\.mdx?$/, '')}/`)).pathname };
		})
		.sort((a, b) => a.order - b.order)
		.map(({ path, title }) => ({ path, title }));
}

/** The sidebar's groups as shown: label and links (path, text). */
async function sidebarGroups(page: Page): Promise<Record<string, Expected[]>> {
	return page.evaluate(() => {
		const groups: Record<string, { path: string; title: string }[]> = {};
		for (const details of document.querySelectorAll('#starlight__sidebar ul.top-level > li > details')) {
			const label = details.querySelector(':scope > summary .group-label')?.textContent?.trim() ?? '';
			groups[label] = [...details.querySelectorAll(':scope > ul a')].map((a) => ({ path: new URL((a as HTMLAnchorElement).href).pathname, title: a.textContent?.trim() ?? '' }));
		}
		return groups;
	});
}

const sections = [
	{ folder: 'tutorial', label: { '': 'チュートリアル', 'en/': 'Tutorial' } },
	{ folder: 'guides', label: { '': 'ガイド', 'en/': 'Guides' } },
] as const;

describe.each(['', 'en/'] as const)('language prefix "%s"', (prefix) => {
	describe.each(sections)('$folder', ({ folder, label }) => {
		const pages = expectedPages(prefix, folder);

		it('the sidebar lists every page in order, on a tutorial page and on a generated page', async () => {
			expect(pages.length).toBeGreaterThan(1);
			const page = await browser.newPage();
			for (const where of [pages[0]!.path, new URL(siteUrl(`${prefix}models/`)).pathname]) {
				await page.goto(new URL(where, siteUrl()).href);
				const groups = await sidebarGroups(page);
				expect(groups[label[prefix]], `sidebar group "${label[prefix]}" on ${where}`).toEqual(pages);
			}
			await page.close();
		});

		it('every page links to the previous and next page of the section', async () => {
			const page = await browser.newPage();
			for (const [i, expected] of pages.entries()) {
				await page.goto(new URL(expected.path, siteUrl()).href);
				const link = async (rel: string) => {
					const a = page.locator(`.pagination-links a[rel="${rel}"]`);
					return (await a.count()) ? new URL((await a.getAttribute('href'))!, page.url()).pathname : null;
				};
				if (i > 0) expect(await link('prev'), `previous link on ${expected.path}`).toBe(pages[i - 1]!.path);
				if (i < pages.length - 1) expect(await link('next'), `next link on ${expected.path}`).toBe(pages[i + 1]!.path);
				const current = page.locator('#starlight__sidebar a[aria-current="page"]');
				expect(await current.textContent()).toContain(expected.title);
			}
			await page.close();
		});
	});
});
