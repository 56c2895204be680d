/** The site's two languages, their URL prefixes, and the UI strings of our own pages and components. */
import type en from '../../content/i18n/en.json';
import type { ConvLayer } from '../reader/model.ts';

export type Lang = 'ja' | 'en';

/** `getStaticPaths` entries for the `[...lang]` route segment: Japanese at the root, English under /en/. */
export function langPaths(): { params: { lang: string | undefined }; props: { lang: Lang } }[] {
	return [
		{ params: { lang: undefined }, props: { lang: 'ja' } },
		{ params: { lang: 'en' }, props: { lang: 'en' } },
	];
}

/** A site path (no leading slash) for a language, under the base path. */
export function localPath(lang: Lang, path: string): string {
	const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
	return `${base}${lang === 'en' ? 'en/' : ''}${path}`;
}

/** Formats a number the way the page's language writes it. */
export function formatNumber(lang: Lang, value: number, digits?: number): string {
	return value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A byte count as MB/kB. */
export function formatBytes(lang: Lang, bytes: number): string {
	if (bytes >= 1e6) return `${formatNumber(lang, bytes / 1e6, 1)}\u00a0MB`;
	return `${formatNumber(lang, bytes / 1e3, 1)}\u00a0kB`;
}

export { colourWord, familyName, groupName, storageName, taskName } from './names.ts';
import { colourWord, familyName } from './names.ts';

/** A colour-opponent kernel's two colours, e.g. "red + / blue −" (赤 + ／ 青 −). */
export function opponentText(lang: Lang, o: { positive: string; negative: string }): string {
	return `${colourWord(lang, o.positive)} +${lang === 'ja' ? ' ／ ' : ' / '}${colourWord(lang, o.negative)} −`;
}

/**
 * A kernel's short label as galleries and captions print it: the family, "inverted", and the cosine; for
 * a colour-opponent kernel its two colours and its opponency strength (never presented as a cosine).
 */
export function matchLabel(lang: Lang, k: { match: string; polarity: number; score: number; colorOpponent: { positive: string; negative: string; strength: number } | null }): string {
	if (k.match === 'color-opponent' && k.colorOpponent) {
		const strength = formatNumber(lang, k.colorOpponent.strength, 2);
		return lang === 'ja'
			? `${familyName(lang, k.match)}（${opponentText(lang, k.colorOpponent)}、強さ ${strength}）`
			: `${familyName(lang, k.match)} (${opponentText(lang, k.colorOpponent)}, strength ${strength})`;
	}
	const inverted = k.polarity < 0 ? (lang === 'ja' ? '（反転）' : ' (inverted)') : '';
	return `${familyName(lang, k.match)}${inverted} ${formatNumber(lang, k.score, 2)}`;
}

/** What a layer table shows for the operator, stride, padding and groups; a checkpoint records none of the last three. */
export function layerGeometryText(
	t: Strings,
	layer: Pick<ConvLayer, 'weightShape' | 'transposed' | 'geometry' | 'onnx'>,
): { op: string; stride: string; padding: string; groups: string } {
	const op = layer.onnx?.op ?? `${layer.transposed ? 'ConvTranspose' : 'Conv'}${Math.max(1, layer.weightShape.length - 2)}d`;
	const g = layer.geometry;
	if (!g) {
		const none = t('notRecorded');
		return { op, stride: none, padding: none, groups: none };
	}
	// Pads as "begin" when both ends agree, else "begin / end" (ONNX stores [begins..., ends...]).
	const half = g.pads.length / 2;
	const [begin, end] = [g.pads.slice(0, half), g.pads.slice(half)];
	const padding = begin.every((v, i) => v === end[i]) ? begin.join('×') : `${begin.join('×')} / ${end.join('×')}`;
	return { op, stride: g.strides.join('×'), padding, groups: String(g.group) };
}

/** The keys of our UI strings in `content/i18n/<lang>.json`, without their `atlas.` prefix. */
export type StringKey = keyof typeof en extends infer K ? (K extends `atlas.${infer S}` ? S : never) : never;

/** Values a UI string inserts at its `{{name}}` places. */
export type StringVars = Record<string, string | number>;

/** A translator for our own strings: `t('layers')` is `content/i18n/<lang>.json`'s `atlas.layers`. */
export type Strings = (key: StringKey, vars?: StringVars) => string;

/**
 * Our UI strings through Starlight's `Astro.locals.t`, in the language of the page being rendered.
 * Values go in as they are: Astro escapes the whole string once when it renders it, and i18next's own
 * escaping would turn a title's `&` into a visible `&amp;`.
 */
export function atlasStrings(t: StarlightT): Strings {
	return (key, vars) => t(`atlas.${key}`, { ...vars, interpolation: { escapeValue: false } });
}

/** What the strings need of Starlight's translator (`Astro.locals.t`). */
export type StarlightT = (key: keyof typeof en, options?: Record<string, unknown>) => string;

/**
 * Splits a UI string with `<a1>…</a1>`, `<a2>…</a2>` (links a component fills in) and `<b>…</b>` into
 * its pieces, so a sentence keeps its word order in both languages with the links inside it.
 * @example richParts('see <a1>the glossary</a1>.') // [{ text: 'see ', tag: null }, { text: 'the glossary', tag: 'a1' }, { text: '.', tag: null }]
 */
export function richParts(text: string): { text: string; tag: string | null }[] {
	const parts: { text: string; tag: string | null }[] = [];
	let last = 0;
	for (const m of text.matchAll(/<(a\d|b)>(.*?)<\/\1>/g)) {
		if (m.index > last) parts.push({ text: text.slice(last, m.index), tag: null });
		parts.push({ text: m[2]!, tag: m[1]! });
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push({ text: text.slice(last), tag: null });
	return parts;
}

/** The language of the page being rendered, from its URL (English pages live under /en/). */
export function langOf(url: URL): Lang {
	const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
	const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname.replace(/^\//, '');
	return path === 'en' || path.startsWith('en/') ? 'en' : 'ja';
}
