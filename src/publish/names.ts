/**
 * The names of the analysis' families and groups and of the ways a kernel is stored, in both
 * languages. Typed by the analysis' own unions: a new family, group or storage kind does not compile
 * until it has its names here, and data naming one that has none fails the build instead of printing the id.
 */
import type { ColourName } from '../analysis/color.ts';
import type { Family, FamilyGroup } from '../analysis/templates.ts';
import type { KernelStorage } from '../reader/model.ts';
import type { Lang } from './i18n.ts';

type Names<K extends string> = Record<K, Record<Lang, string>>;

const FAMILY_NAMES: Names<Family> = {
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

// One name per analysis group (FAMILY_GROUPS): the grouping every table and every sentence uses.
const GROUP_NAMES: Names<FamilyGroup> = {
	'horizontal-edge': { ja: '水平エッジ（ソーベル／プレウィット／シャール）', en: 'Horizontal edge (Sobel / Prewitt / Scharr)' },
	'vertical-edge': { ja: '垂直エッジ（ソーベル／プレウィット／シャール）', en: 'Vertical edge (Sobel / Prewitt / Scharr)' },
	'diagonal-edge': { ja: '斜めエッジ', en: 'Diagonal edge' },
	laplacian: { ja: 'ラプラシアン／LoG（中心周辺型）', en: 'Laplacian / LoG (centre-surround)' },
	blur: { ja: 'ぼかし（ボックス／ガウシアン）', en: 'Blur (box / Gaussian)' },
	identity: { ja: '恒等', en: 'Identity' },
	sharpen: { ja: '鮮鋭化', en: 'Sharpen' },
	gabor: { ja: 'ガボール（縞模様）', en: 'Gabor (stripes)' },
	pointwise: { ja: '1×1（点ごと）', en: 'Pointwise (1×1)' },
	'color-opponent': { ja: '色の対比', en: 'Colour opponent' },
	unclassified: { ja: '分類なし', en: 'Unclassified' },
};

const COLOUR_NAMES: Names<ColourName> = {
	red: { ja: '赤', en: 'red' },
	green: { ja: '緑', en: 'green' },
	blue: { ja: '青', en: 'blue' },
	yellow: { ja: '黄', en: 'yellow' },
	cyan: { ja: 'シアン', en: 'cyan' },
	magenta: { ja: 'マゼンタ', en: 'magenta' },
};

const STORAGE_NAMES: Names<KernelStorage> = {
	initializer: { ja: '初期化子', en: 'initializer' },
	constant: { ja: 'Constant ノード', en: 'Constant node' },
	external: { ja: '外部データ', en: 'external data' },
	dequantized: { ja: '量子化から復元', en: 'dequantised' },
	quantized: { ja: '整数（復元して表示）', en: 'integer, shown dequantised' },
	dynamic: { ja: '実行時に計算', en: 'computed at run time' },
	checkpoint: { ja: 'チェックポイントのテンソル', en: 'checkpoint tensor' },
};

/** Thrown when the data names something this file has no name for (data from another version of the analysis). */
export class UnknownNameError extends Error {
	override name = 'UnknownNameError';
}

function lookup<K extends string>(table: Names<K>, what: string, lang: Lang, id: string): string {
	if (!Object.hasOwn(table, id)) {
		throw new UnknownNameError(`no ${what} name for "${id}": add it to src/publish/names.ts, or rebuild the model data (generated/) with this version`);
	}
	return table[id as K][lang];
}

/** The localised name of a classical-filter family. */
export function familyName(lang: Lang, family: string): string {
	return lookup(FAMILY_NAMES, 'family', lang, family);
}

/** The localised name of a coarse family group. */
export function groupName(lang: Lang, group: string): string {
	return lookup(GROUP_NAMES, 'group', lang, group);
}

/** Where a kernel was stored, in words. */
export function storageName(lang: Lang, storage: string): string {
	return lookup(STORAGE_NAMES, 'storage', lang, storage);
}

/** A colour name of the analysis (`red`, `cyan`, ...) in the page's language. */
export function colourWord(lang: Lang, colour: string): string {
	return lookup(COLOUR_NAMES, 'colour', lang, colour);
}

/** Names of the tasks the default models and `kernel-atlas add` use; a config may name any other. */
const TASK_NAMES: Record<string, Record<Lang, string>> = {
	'image-classification': { ja: '画像分類', en: 'Image classification' },
	'object-detection': { ja: '物体検出', en: 'Object detection' },
	'text-detection': { ja: '文字領域の検出', en: 'Text detection' },
	'text-recognition': { ja: '文字認識', en: 'Text recognition' },
	'text-orientation-classification': { ja: '文字の向きの分類', en: 'Text orientation classification' },
};

/** The localised name of a config's task, or null for a task of the author's own naming (shown as written). */
export function taskName(lang: Lang, task: string): string | null {
	return Object.hasOwn(TASK_NAMES, task) ? TASK_NAMES[task]![lang] : null;
}
