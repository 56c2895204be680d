/** Starlight's `Astro.locals.t` as Starlight makes it (one i18next namespace, default options, Japanese fallback), over our content/i18n files. */
import i18next from 'i18next';
import en from '../../content/i18n/en.json' with { type: 'json' };
import ja from '../../content/i18n/ja.json' with { type: 'json' };
import type { StarlightT } from '../../src/publish/i18n.ts';

export async function starlightT(lang: 'ja' | 'en'): Promise<StarlightT> {
	const i18n = i18next.createInstance();
	await i18n.init({ resources: { ja: { starlight: ja }, en: { starlight: en } }, fallbackLng: 'ja' });
	return i18n.getFixedT(lang, 'starlight') as unknown as StarlightT;
}
