/**
 * Text alternatives in the page's language. The render stage describes every image in English (its
 * `alt`); Japanese pages get the same facts — the kernel's numbers first — written here from the data.
 */
import type { ImageRef, KernelPageData, LayerData, PhotoData } from '../pipeline/atlas-data.ts';
import type { MatchDetail } from '../analysis/index.ts';
import { colourWord, familyName, matchLabel, type Lang } from './i18n.ts';

/** Numbers as the alternative text prints them: three decimals at most, no "−0". */
function num(v: number): string {
	const r = Math.round(v * 1000) / 1000;
	return String(r === 0 ? 0 : r);
}

function matrix(rows: number[][]): string {
	return `[${rows.map((row) => `[${row.map(num).join(', ')}]`).join(', ')}]`;
}

/** A gallery kernel image: summed over channels, RGB composite, or every channel stacked. */
export function kernelAlt(lang: Lang, k: KernelPageData, view: 'summed' | 'rgb' | 'channels', channelNames: string[], image: ImageRef): string {
	if (lang === 'en') return image.alt;
	const likeness = k.match === 'unclassified'
		? '古典的なフィルタとのはっきりした類似なし'
		: k.match === 'color-opponent'
			? matchLabel('ja', k)
			: `${familyName('ja', k.match)}に類似、類似度 ${num(k.score)}`;
	const what = `カーネル ${k.index}（${likeness}）`;
	if (view === 'summed') return `${what}、入力チャンネルの和: ${matrix(k.summed)}`;
	const channels = k.values.map((rows, c) => `${channelNames[c] ?? `c${c}`} ${matrix(rows)}`).join('、');
	if (view === 'rgb') return `${what}の RGB 合成。重み 0 が灰色、各色の重みが正なら明るく、負なら暗く描かれています。チャンネルごとの値: ${channels}`;
	return `${what}、入力チャンネルを上から順に: ${channels}`;
}

/** A layer's mosaic page. */
export function mosaicAlt(lang: Lang, layer: LayerData, image: ImageRef): string {
	if (lang === 'en') return image.alt;
	const [count, channels, ...kernel] = layer.weightShape;
	return `層 ${layer.index}（${layer.module ?? layer.name}）のモザイク: ${count} 個のカーネル（各 ${channels} チャンネル × ${kernel.join('×')}）。青が負、白が 0、赤が正。${layer.stats ? `値の範囲 ${num(layer.stats.min)} から ${num(layer.stats.max)}。` : ''}`;
}

/** A learned feature map: one output channel of the first layer on the photograph. */
export function featureMapAlt(lang: Lang, k: KernelPageData, layerIndex: number, image: ImageRef, demeaned = false): string {
	if (lang === 'en') return image.alt;
	const kernel = demeaned ? `カーネル ${k.index} から各チャンネルの平均を引いたもの` : `カーネル ${k.index}`;
	return `層 ${layerIndex} の${kernel}を写真に適用した出力（特徴マップ、${image.width} × ${image.height} 画素）。青が負、白が 0、赤が正。`;
}

/** The model input (the photograph resized as the model sees it). */
export function inputAlt(lang: Lang, image: ImageRef): string {
	return lang === 'en' ? image.alt : `モデルに入力する大きさ（${image.width} × ${image.height} 画素）にした写真。`;
}

const FILTER_NAMES: Record<string, string> = {
	original: '元の写真',
	grayscale: 'グレースケールにした写真',
	laplacian: 'ラプラシアンを適用した写真',
	'sobel-horizontal': '水平エッジ用ソーベルを適用した写真',
	'sobel-vertical': '垂直エッジ用ソーベルを適用した写真',
};

/** The sample photograph, as is or filtered by a designed kernel. */
export function photoAlt(lang: Lang, photo: PhotoData, filter: string, image: ImageRef): string {
	if (lang === 'en') return image.alt;
	const signed = filter !== 'original' && filter !== 'grayscale' ? '。青が負、白が 0、赤が正' : '';
	return `${photo.title.ja}: ${FILTER_NAMES[filter] ?? filter}（${image.width} × ${image.height} 画素）${signed}。`;
}

/** A colour bar. */
export function legendAlt(lang: Lang, variant: string, image: ImageRef): string {
	if (lang === 'en') return image.alt;
	return variant.startsWith('viridis') ? 'カラーバー: 左端（最小値）の紫から、青緑を経て、右端（最大値）の黄色まで。' : 'カラーバー: 左端（負）の青から、中央（0）の白を経て、右端（正）の赤まで。';
}

const PHASE: Record<'even' | 'odd', Record<Lang, string>> = {
	even: { ja: '偶（線状）', en: 'even' },
	odd: { ja: '奇（段差状）', en: 'odd' },
};

/**
 * Which member of its family a match is (`detail` of the analysis: neighbourhood, σ, θ λ phase, or a
 * colour-opponent kernel's colours and shape), written in the page's language. The CLI prints the English.
 */
export function detailText(lang: Lang, detail: MatchDetail | null): string | null {
	if (detail === null) return null;
	switch (detail.kind) {
		case 'neighbourhood':
			return lang === 'ja' ? `${detail.neighbours} 近傍` : `${detail.neighbours}-neighbour`;
		case 'diagonal':
			return `${detail.degrees}°`;
		case 'gaussian':
			return `σ=${detail.sigma}`;
		case 'log':
			return `LoG σ=${detail.sigma}`;
		case 'gabor':
			return `θ=${detail.theta}° λ=${detail.lambda}px ${PHASE[detail.phase][lang]}`;
		case 'opponent': {
			const [a, b] = detail.axis.split('-') as [string, string];
			const shape = detail.shape === 'unclassified' ? (lang === 'ja' ? '分類なし' : 'unclassified') : familyName(lang, detail.shape);
			return lang === 'ja'
				? `${colourWord('ja', a)}と${colourWord('ja', b)}（${colourWord('ja', detail.positive)} +、${colourWord('ja', detail.negative)} −）、形: ${shape}`
				: `${a}-${b} (${detail.positive} +, ${detail.negative} −), shape: ${shape}`;
		}
	}
}

/** What a layer's mosaic shows, in the page's language (the renderer's note is English). */
export function mosaicNote(lang: Lang, layer: LayerData): string {
	if (lang === 'en' || !layer.stats) return layer.mosaicNote;
	const m = Math.max(Math.abs(layer.stats.min), Math.abs(layer.stats.max));
	const pages = layer.mosaic.length > 1 ? `カーネルが多いので、すべてのカーネルを ${layer.mosaic.length} 枚の画像に分けて描いています。` : '';
	return `青が負、白に近い色が 0、赤が正で、層全体の範囲 ${num(-m)} 〜 ${num(m)} に合わせて色を付けています。1 つのブロックが 1 つのカーネルです。${pages}`;
}
