import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCollection } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import en from '../content/i18n/en.json';

/**
 * The UI strings of our pages and components, typed: every key of `content/i18n/en.json` is required
 * in every language, so a string missing from `ja.json` fails the build, and `Astro.locals.t` knows the keys.
 */
const uiKeys = Object.keys(en) as (keyof typeof en)[];
const uiStrings = z.object(Object.fromEntries(uiKeys.map((key) => [key, z.string().min(1)])) as Record<keyof typeof en, z.ZodString>);

/**
 * `content/i18n/<lang>.json`, one entry per language whose id is the language. Not `glob()`: Starlight
 * finds a language's strings by the entry's file path relative to `src/content/i18n/`, so an entry that
 * records its path in `content/i18n/` would be filed under "content/i18n/en" and never used.
 */
function i18nFiles(dir: string): Loader {
	return {
		name: 'atlas-i18n',
		async load({ store, parseData }) {
			store.clear();
			for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
				const path = join(dir, file);
				let data: unknown;
				try {
					data = JSON.parse(readFileSync(path, 'utf8'));
				} catch (e) {
					throw new Error(`${path}: not valid JSON (${(e as Error).message}); fix the file`);
				}
				const id = file.slice(0, -'.json'.length);
				store.set({ id, data: await parseData({ id, data: data as Record<string, unknown> }) });
			}
		},
	};
}

// Prose lives in the top-level `content/` folder, not `src/content/`: point Starlight's collections there.
export const collections = {
	docs: defineCollection({
		loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
		schema: docsSchema(),
	}),
	i18n: defineCollection({
		loader: i18nFiles('./content/i18n'),
		schema: i18nSchema({ extend: uiStrings }),
	}),
};
