import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

// Prose lives in the top-level `content/` folder, not `src/content/`: point Starlight's collections there.
export const collections = {
	docs: defineCollection({
		loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
		schema: docsSchema(),
	}),
	i18n: defineCollection({
		loader: glob({ base: './content/i18n', pattern: '**/[^_]*.{json,yml,yaml}' }),
		schema: i18nSchema(),
	}),
};
