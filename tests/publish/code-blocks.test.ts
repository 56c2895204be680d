/** Code blocks take the language of the folder their page is in (Japanese at the root, English under en/). */
import { describe, expect, it } from 'vitest';
import { codeBlockLocale } from '../../src/publish/code-blocks.ts';

describe('codeBlockLocale', () => {
	it.each([
		['/home/a/kernel-atlas/content/docs/en/guides/add-a-model.mdx', 'en'],
		['content/docs/en/tutorial/kernels.mdx', 'en'],
		['/home/a/kernel-atlas/content/docs/tutorial/kernels.mdx', 'ja'],
		// A Japanese page about English is still Japanese; only the locale folder counts.
		['/home/a/kernel-atlas/content/docs/guides/en/notes.mdx', 'ja'],
		['/home/a/en/content/docs/index.mdx', 'ja'],
		[undefined, 'ja'],
	])('%s → %s', (path, lang) => {
		expect(codeBlockLocale(path)).toBe(lang);
	});
});
