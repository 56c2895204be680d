import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docsPages, docsSidebarItems } from '../../src/publish/sidebar.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-sidebar-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function page(name: string, frontmatter: string): void {
	mkdirSync(join(root, 'tutorial'), { recursive: true });
	writeFileSync(join(root, 'tutorial', name), `---\ntitle: ${name}\n${frontmatter}---\nText.\n`);
}

describe('docsPages', () => {
	it('orders a folder as Starlight autogenerate does: sidebar.order, then by slug; leaves out hidden, draft and _ files', () => {
		page('b-second.mdx', 'sidebar:\n  order: 2\n');
		page('a-first.md', 'sidebar:\n  order: 1\n');
		page('c-unordered.mdx', '');
		page('aa-unordered.mdx', '');
		page('hidden.mdx', 'sidebar:\n  order: 0\n  hidden: true\n');
		page('draft.mdx', 'draft: true\n');
		page('_partial.mdx', '');
		page('Moved.mdx', 'slug: tutorial/elsewhere\nsidebar:\n  order: 3\n');
		writeFileSync(join(root, 'tutorial', 'notes.txt'), 'not a page');
		expect(docsSidebarItems('tutorial', root)).toEqual(['tutorial/a-first', 'tutorial/b-second', 'tutorial/elsewhere', 'tutorial/aa-unordered', 'tutorial/c-unordered']);
		expect(docsPages('tutorial', root)[0]).toEqual({ slug: 'tutorial/a-first', file: join(root, 'tutorial', 'a-first.md'), order: 1 });
	});

	it('lists every page of the real tutorial and guides, each with an explicit order', () => {
		for (const folder of ['tutorial', 'guides']) {
			const pages = docsPages(folder);
			expect(pages.length).toBeGreaterThan(1);
			expect(pages.every((p) => p.order !== null), `${folder}: every page says its sidebar.order`).toBe(true);
		}
	});
});
