/**
 * Code blocks in the page's language. Expressive Code labels a block's frame ("Copy to clipboard",
 * "Terminal window") in the block's locale, which Starlight finds from the file's path under
 * `src/content/docs/` and the texts from `src/content/i18n/`; ours live in `content/`, so every block,
 * English ones too, was labelled in the default locale. And Starlight's English dictionary has no
 * `expressiveCode.*` keys, so even an English block fell back to the default locale's Japanese: the
 * plugin below gives Starlight's integration our `content/i18n/` files, whose English has them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** `en` for a file under `content/docs/en/`, else the root locale `ja`. */
export function codeBlockLocale(path: string | undefined): 'ja' | 'en' {
	const posix = (path ?? '').split(sep).join('/');
	return /(^|\/)content\/docs\/en\//.test(posix) ? 'en' : 'ja';
}

/** A Starlight plugin that hands `content/i18n/<lang>.json` to the translations Starlight builds at config time. */
export function contentTranslations(dir = 'content/i18n') {
	return {
		name: 'atlas-content-translations',
		hooks: {
			// Starlight wants every plugin to have this hook; there is nothing to configure.
			async 'config:setup'() {},
			async 'i18n:setup'({ injectTranslations }: { injectTranslations: (t: Record<string, Record<string, string>>) => void }) {
				const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
				injectTranslations(Object.fromEntries(files.map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, string>])));
			},
		},
	};
}
