/**
 * UI strings of the kernel playground: the `playground.*` keys of `content/i18n/<lang>.json`. The page
 * renders some; the rest go to the browser script as JSON. `{name}` (single braces, which i18next leaves
 * alone) marks a value the script fills in.
 */
import en from '../../content/i18n/en.json' with { type: 'json' };
import { familyName, type Lang, type StarlightT } from './i18n.ts';
import { FAMILIES } from '../analysis/templates.ts';

type PlaygroundKey = keyof typeof en extends infer K ? (K extends `playground.${infer S}` ? S : never) : never;

const KEYS = Object.keys(en).flatMap((k) => (k.startsWith('playground.') ? [k.slice('playground.'.length) as PlaygroundKey] : []));

/** The playground's strings in the page's language (from `Astro.locals.t`), plus the names of the kernel families. */
export function playgroundStrings(t: StarlightT, lang: Lang): Record<PlaygroundKey, string> & { families: Record<string, string> } {
	const out = Object.fromEntries(KEYS.map((k) => [k, t(`playground.${k}`)])) as Record<PlaygroundKey, string>;
	return { ...out, families: Object.fromEntries(FAMILIES.map((id) => [id, familyName(lang, id)])) };
}
