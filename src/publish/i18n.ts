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

const FAMILY_NAMES: Record<string, { ja: string; en: string }> = {
	laplacian: { ja: 'ラプラシアン', en: 'Laplacian' },
	'sobel-horizontal': { ja: 'ソーベル（水平エッジ）', en: 'Sobel (horizontal edges)' },
	'sobel-vertical': { ja: 'ソーベル（垂直エッジ）', en: 'Sobel (vertical edges)' },
	'prewitt-horizontal': { ja: 'プレウィット（水平エッジ）', en: 'Prewitt (horizontal edges)' },
	'prewitt-vertical': { ja: 'プレウィット（垂直エッジ）', en: 'Prewitt (vertical edges)' },
	'scharr-horizontal': { ja: 'シャール（水平エッジ）', en: 'Scharr (horizontal edges)' },
	'scharr-vertical': { ja: 'シャール（垂直エッジ）', en: 'Scharr (vertical edges)' },
	'diagonal-edge': { ja: '斜めエッジ', en: 'Diagonal edge' },
	'box-blur': { ja: '平均化（ボックス）ぼかし', en: 'Box blur' },
	'gaussian-blur': { ja: 'ガウシアンぼかし', en: 'Gaussian blur' },
	identity: { ja: '恒等', en: 'Identity' },
	sharpen: { ja: '鮮鋭化', en: 'Sharpen' },
	'center-surround': { ja: '中心周辺型（LoG/DoG）', en: 'Centre-surround (LoG/DoG)' },
	gabor: { ja: 'ガボール', en: 'Gabor' },
	'color-opponent': { ja: '色の対比', en: 'Colour opponent' },
	pointwise: { ja: '1×1（点ごと）', en: 'Pointwise (1×1)' },
	unclassified: { ja: '分類なし', en: 'Unclassified' },
};

const GROUP_NAMES: Record<string, { ja: string; en: string }> = {
	'second-derivative': { ja: '2 次微分（ラプラシアン・中心周辺）', en: 'Second derivative (Laplacian, centre-surround)' },
	edge: { ja: 'エッジ（ソーベル・プレウィット・シャール・斜め）', en: 'Edge (Sobel, Prewitt, Scharr, diagonal)' },
	'low-pass': { ja: '平滑化（ぼかし）', en: 'Low-pass (blur)' },
	identity: { ja: '恒等', en: 'Identity' },
	sharpen: { ja: '鮮鋭化', en: 'Sharpen' },
	gabor: { ja: 'ガボール（縞模様）', en: 'Gabor (stripes)' },
	color: { ja: '色の対比', en: 'Colour contrast' },
	pointwise: { ja: '1×1（点ごと）', en: 'Pointwise (1×1)' },
	unclassified: { ja: '分類なし', en: 'Unclassified' },
};

const STORAGE_NAMES: Record<string, { ja: string; en: string }> = {
	initializer: { ja: '初期化子', en: 'initializer' },
	constant: { ja: 'Constant ノード', en: 'Constant node' },
	external: { ja: '外部データ', en: 'external data' },
	dequantized: { ja: '量子化から復元', en: 'dequantised' },
	quantized: { ja: '整数（復元して表示）', en: 'integer, shown dequantised' },
	dynamic: { ja: '実行時に計算', en: 'computed at run time' },
	checkpoint: { ja: 'チェックポイントのテンソル', en: 'checkpoint tensor' },
};

/** Where a kernel was stored, in words. */
export function storageName(lang: Lang, storage: string): string {
	return STORAGE_NAMES[storage]?.[lang] ?? storage;
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

/** The localised name of a coarse family group. */
export function groupName(lang: Lang, group: string): string {
	return GROUP_NAMES[group]?.[lang] ?? group;
}

/** The localised name of a classical-filter family (falls back to the id for unknown families). */
export function familyName(lang: Lang, family: string): string {
	return FAMILY_NAMES[family]?.[lang] ?? family;
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
