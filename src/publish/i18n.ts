/** The site's two languages, their URL prefixes, and the UI strings of our own pages and components. */
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
	lang: Lang,
	layer: Pick<ConvLayer, 'weightShape' | 'transposed' | 'geometry' | 'onnx'>,
): { op: string; stride: string; padding: string; groups: string } {
	const op = layer.onnx?.op ?? `${layer.transposed ? 'ConvTranspose' : 'Conv'}${Math.max(1, layer.weightShape.length - 2)}d`;
	const g = layer.geometry;
	if (!g) {
		const none = STRINGS.notRecorded[lang];
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

const STRINGS = {
	models: { ja: 'モデル一覧', en: 'Models' },
	modelsIntro: {
		ja: 'ビルドに含まれるすべてのモデルです。各モデルのギャラリーでは 1 層目のカーネルを、レイヤー一覧ではすべての畳み込み層を見られます。',
		en: 'Every model in this build. Each model has a gallery of its first-layer kernels and a browser of all its convolution layers.',
	},
	compareTitle: { ja: '1 層目を並べて比べる', en: 'First layers side by side' },
	gallery: { ja: 'ギャラリー', en: 'Gallery' },
	layers: { ja: 'レイヤー一覧', en: 'Layers' },
	source: { ja: '出典', en: 'Source' },
	license: { ja: 'ライセンス', en: 'Licence' },
	author: { ja: '作者', en: 'Author' },
	size: { ja: 'ファイルサイズ', en: 'File size' },
	task: { ja: 'タスク', en: 'Task' },
	convLayers: { ja: '畳み込み層', en: 'Convolution layers' },
	kernels: { ja: 'カーネル数', en: 'Kernels' },
	producer: { ja: '書き出したツール', en: 'Exported by' },
	producerNotRecorded: { ja: 'ファイルに記録なし', en: 'not recorded in the file' },
	mosaicRowsNote: {
		ja: '左の数字はその行の最初のカーネルの番号で、番号は左から右へ進みます。',
		en: 'The number at the left of a row is its first kernel; kernels are numbered left to right.',
	},
	mosaicChannelsNote: { ja: '最初のブロックの上のラベルは、その入力チャンネルです。', en: 'The labels over the first block name its input channels.' },
	format: { ja: 'ファイル形式', en: 'File format' },
	opsets: { ja: 'opset', en: 'Opsets' },
	sha256: { ja: 'SHA-256', en: 'SHA-256' },
	index: { ja: '番号', en: 'Index' },
	name: { ja: '名前', en: 'Name' },
	op: { ja: '演算', en: 'Op' },
	shape: { ja: '重みの形', en: 'Weight shape' },
	stride: { ja: 'ストライド', en: 'Stride' },
	padding: { ja: 'パディング', en: 'Padding' },
	groups: { ja: 'グループ', en: 'Groups' },
	bias: { ja: 'バイアス', en: 'Bias' },
	params: { ja: 'パラメータ数', en: 'Parameters' },
	yes: { ja: 'あり', en: 'yes' },
	no: { ja: 'なし', en: 'no' },
	receptiveField: { ja: '受容野', en: 'Receptive field' },
	batchNorm: { ja: '直後に BatchNorm', en: 'BatchNorm after' },
	view: { ja: '表示', en: 'View' },
	summed: { ja: '入力チャンネルの和', en: 'Summed over input channels' },
	rgb: { ja: 'RGB 合成', en: 'RGB composite' },
	channels: { ja: 'チャンネルごと', en: 'Per channel' },
	colormap: { ja: 'カラーマップ', en: 'Colormap' },
	diverging: { ja: '発散型（0 が白、正が赤、負が青）', en: 'Diverging (0 white, positive red, negative blue)' },
	viridis: { ja: 'viridis（最小が紫、最大が黄）', en: 'viridis (minimum purple, maximum yellow)' },
	normalisation: { ja: '正規化', en: 'Normalisation' },
	normLayer: { ja: 'レイヤー全体で共通の範囲', en: 'One range for the whole layer' },
	normKernel: { ja: 'カーネルごとの範囲', en: 'A range per kernel' },
	kernel: { ja: 'カーネル', en: 'Kernel' },
	layer: { ja: 'レイヤー', en: 'Layer' },
	match: { ja: '最も近い古典的フィルタ', en: 'Closest classical filter' },
	score: { ja: '類似度', en: 'Similarity' },
	polarity: { ja: '極性', en: 'Polarity' },
	inverted: { ja: '反転', en: 'inverted' },
	normal: { ja: 'そのまま', en: 'as is' },
	colorOpponent: { ja: '色の対比', en: 'Colour opponent' },
	stats: { ja: '統計量', en: 'Statistics' },
	values: { ja: 'カーネルの値', en: 'Kernel values' },
	featureMap: { ja: 'サンプル写真に対する特徴マップ', en: 'Feature map on the sample photograph' },
	census: { ja: '古典的フィルタとの対応（カーネル数）', en: 'Classical-filter census (kernels)' },
	groupCensus: { ja: '大まかな種類ごとのカーネル数', en: 'Kernels per broad kind' },
	histogram: { ja: '重みのヒストグラム', en: 'Weight histogram' },
	legend: { ja: '色と値の対応', en: 'Colour scale' },
	previous: { ja: '前へ', en: 'Previous' },
	next: { ja: '次へ', en: 'Next' },
	page: { ja: 'ページ', en: 'Page' },
	credits: { ja: 'クレジット', en: 'Credits' },
	photos: { ja: '写真', en: 'Photographs' },
	classicalVsLearned: { ja: '古典的フィルタと学習済みフィルタ', en: 'Classical vs learned filters' },
	dtype: { ja: 'データ型（格納場所）', en: 'dtype (storage)' },
	notRecorded: { ja: '記録なし（チェックポイント）', en: 'not recorded in a checkpoint' },
	limitedLayer: {
		ja: 'モデル設定の limits.maxLayers により、この層の画像と分析は作っていません。',
		en: 'No images or analysis for this layer: the model config limits them (limits.maxLayers).',
	},
	dynamicKernel: { ja: '実行時に計算される重みのため、カーネルは取り出せません。', en: 'The weight is computed at run time, so there is no fixed kernel to show.' },
	topClasses: { ja: 'このネットワークにはサンプル写真が何に見えるか', en: 'What this network sees in the sample photo' },
	topClassesIntro: {
		ja: 'モデル全体にサンプル写真を通したときの、確率の高い上位 5 クラスです（ImageNet の 1000 クラスから）。前処理がモデルの学習時と合っているかの確かめにもなります。クラス名はラベルのデータをそのまま載せているため英語です。',
		en: 'The five most probable of the 1000 ImageNet classes when the sample photograph goes through the whole model. It is also a check that the preprocessing matches what the model was trained with.',
	},
	topClassesCaption: { ja: '上位 5 クラス（クラス名は英語のまま）', en: 'Top-5 classes' },
	topClassesFailed: { ja: 'ビルド時にモデル全体を実行できなかったため、分類結果はありません。理由（英語）:', en: 'No classification: the build could not run the whole model. Reason:' },
	modelInput: { ja: 'モデルへの入力', en: 'Model input' },
	rank: { ja: '順位', en: 'Rank' },
	classIndex: { ja: 'クラス番号', en: 'Class' },
	className: { ja: 'クラス名', en: 'Class name' },
	probability: { ja: '確率', en: 'Probability' },
	belowTenthPercent: { ja: '0.1 % 未満', en: '< 0.1 %' },
	paper: { ja: '論文', en: 'Paper' },
	provenance: { ja: '出典の詳細', en: 'Provenance' },
	classNames: { ja: 'ImageNet のクラス名', en: 'ImageNet class names' },
	classNamesCredit: {
		ja: 'モデルのページで分類結果に添えるクラス名（英語）は、次の npm パッケージに含まれる一覧をそのまま写したものです。名前は ILSVRC-2012 が使う WordNet の同義語セットです。',
		en: 'The class names shown with the classification results on model pages are copied unchanged from the list in this npm package. They are the WordNet synonym sets that ILSVRC-2012 uses.',
	},
} as const;

export type StringKey = keyof typeof STRINGS;

/** Returns a translator for one language. */
export function useStrings(lang: Lang): (key: StringKey) => string {
	return (key) => STRINGS[key][lang];
}

/** The language of the page being rendered, from its URL (English pages live under /en/). */
export function langOf(url: URL): Lang {
	const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
	const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname.replace(/^\//, '');
	return path === 'en' || path.startsWith('en/') ? 'en' : 'ja';
}
