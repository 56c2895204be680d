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
	if (bytes >= 1e6) return `${formatNumber(lang, bytes / 1e6, 1)} MB`;
	return `${formatNumber(lang, bytes / 1e3, 1)} kB`;
}

export { familyName, groupName, storageName } from './names.ts';

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

/** The language of the page being rendered, from its URL (English pages live under /en/). */
export function langOf(url: URL): Lang {
	const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
	const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname.replace(/^\//, '');
	return path === 'en' || path.startsWith('en/') ? 'en' : 'ja';
}
