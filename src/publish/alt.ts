/**
 * Text alternatives and match details in both languages, written from the facts in the page data: the
 * kernel's numbers and match, an image's colour scale (`ImageRef.scale`) and mosaic page (`ImageRef.page`),
 * the analysis' detail (`MatchDetail`). Nothing here reads or rewrites the renderer's English `alt`.
 */
import type { MatchDetail } from '../analysis/index.ts';
import type { ImageRef, ImageScale, KernelPageData, LayerData, PhotoData } from '../pipeline/atlas-data.ts';
import { colourWord, familyName, matchLabel, type Lang } from './i18n.ts';

type Text = Record<Lang, string>;

/** Numbers as the alternative text prints them: three decimals at most, no "−0", a true minus sign. */
function num(v: number): string {
	const r = Math.round(v * 1000) / 1000;
	return r === 0 ? '0' : String(r).replace('-', '−');
}

/** The ends of a colour scale: three significant digits (a feature map's ±73.9, a kernel's ±0.92). */
function end(v: number): string {
	return num(Number(v.toPrecision(3)));
}

function matrix(rows: number[][]): string {
	return `[${rows.map((row) => `[${row.map(num).join(', ')}]`).join(', ')}]`;
}

function pixels(lang: Lang, image: ImageRef): string {
	return lang === 'ja' ? `${image.width} × ${image.height} 画素` : `${image.width} × ${image.height} pixels`;
}

const COLOURS: Record<'diverging' | 'viridis', Text> = {
	diverging: { ja: '青が負、白に近い色が 0、赤が正', en: 'blue is negative, near-white zero, red positive' },
	viridis: { ja: '濃い紫が最小値、黄色が最大値', en: 'dark purple is the lowest value, yellow the highest' },
};

/** What an image's colours mean, as one sentence: the colormap, what it is scaled to, and the values at its ends. */
function scaleSentence(lang: Lang, scale: ImageScale | undefined): string {
	if (!scale || scale.colormap === 'rgb') return '';
	const colours = COLOURS[scale.colormap][lang];
	const range = scale.range ? (lang === 'ja' ? `${end(scale.range[0])} 〜 ${end(scale.range[1])}` : `${end(scale.range[0])} to ${end(scale.range[1])}`) : null;
	const clipped = scale.clippedPercent
		? lang === 'ja' ? `、いちばん強い ${scale.clippedPercent}% の応答は端の色で打ち切り` : `; the strongest ${scale.clippedPercent}% of responses clipped`
		: '';
	if (lang === 'ja') {
		const over = scale.norm === 'layer' ? `層全体の範囲 ${range}` : scale.norm === 'kernel' ? (range ? `このカーネルの範囲 ${range}` : 'カーネルごとの範囲') : `この画像の範囲 ${range}`;
		return `${colours}（${over}${clipped}）。`;
	}
	const over = scale.norm === 'layer' ? `scaled across the layer from ${range}` : scale.norm === 'kernel' ? (range ? `scaled to this kernel from ${range}` : 'each kernel on its own scale') : `scaled to this image from ${range}`;
	return `${colours[0]!.toUpperCase()}${colours.slice(1)}; ${over}${clipped}.`;
}

/** "Kernel 3 (like an inverted Laplacian 8-neighbour, similarity 0.93)". */
function kernelName(lang: Lang, k: KernelPageData): string {
	if (k.match === 'color-opponent') return lang === 'ja' ? `カーネル ${k.index}（${matchLabel('ja', k)}）` : `Kernel ${k.index} (${matchLabel('en', k)})`;
	if (k.match === 'unclassified') return lang === 'ja' ? `カーネル ${k.index}（古典的なフィルタとのはっきりした類似なし）` : `Kernel ${k.index} (no clear likeness to a classical filter)`;
	const detail = k.match === 'pointwise' ? null : detailText(lang, k.matchDetail);
	const family = familyName(lang, k.match);
	if (lang === 'ja') return `カーネル ${k.index}（${family}${detail ? ` ${detail}` : ''}${k.polarity < 0 ? '（反転）' : ''}に類似、類似度 ${num(k.score)}）`;
	return `Kernel ${k.index} (like ${k.polarity < 0 ? 'an inverted ' : ''}${family}${detail ? ` ${detail}` : ''}, similarity ${num(k.score)})`;
}

/** A gallery kernel image: summed over channels, RGB composite, or every channel stacked. */
export function kernelAlt(lang: Lang, k: KernelPageData, view: 'summed' | 'rgb' | 'channels', channelNames: string[], image: ImageRef): string {
	const what = kernelName(lang, k);
	const scale = scaleSentence(lang, image.scale);
	const sep = lang === 'ja' ? '、' : ', ';
	const channels = k.values.map((rows, c) => `${channelNames[c] ?? `c${c}`} ${matrix(rows)}`).join(sep);
	if (view === 'summed') return lang === 'ja' ? `${what}、入力チャンネルの和: ${matrix(k.summed)}。${scale}` : `${what}, summed over its input channels: ${matrix(k.summed)}. ${scale}`.trimEnd();
	if (view === 'channels') return lang === 'ja' ? `${what}、入力チャンネルを上から順に: ${channels}。${scale}` : `${what}, each input channel on its own, top to bottom: ${channels}. ${scale}`.trimEnd();
	const m = image.scale?.range ? end(image.scale.range[1]) : null;
	if (lang === 'ja') return `${what}の RGB 合成。重み 0 が灰色で、各色の重みが正なら明るく、負なら暗く描かれています${m ? `（最大 ±${m}）` : ''}。チャンネルごとの値: ${channels}`;
	return `${what} as colour: mid-grey is zero, and each channel's weight makes its colour brighter when positive, darker when negative${m ? ` (up to ±${m})` : ''}. Channel values: ${channels}`;
}

/** A layer's mosaic (one page of it when the layer is split). */
export function mosaicAlt(lang: Lang, layer: LayerData, image: ImageRef): string {
	const [count, channels, ...kernel] = layer.weightShape;
	const name = layer.module ?? layer.name;
	const size = kernel.length ? kernel.join('×') : '1';
	const page = image.page && image.page.count > 1 ? image.page : null;
	const scale = scaleSentence(lang, image.scale);
	if (lang === 'ja') {
		const where = page ? `、${page.count} 枚中 ${page.index} 枚目（カーネル ${page.firstKernel}〜${page.lastKernel}）` : '';
		return `層 ${layer.index}（${name}）のモザイク: ${count} 個のカーネル（各 ${channels} チャンネル × ${size}）${where}。1 つのブロックが 1 つのカーネルです。${scale}`;
	}
	const where = page ? `, page ${page.index} of ${page.count} (kernels ${page.firstKernel}–${page.lastKernel})` : '';
	return `Mosaic of layer ${layer.index} (${name}): ${count} kernels of ${channels} channels × ${size}${where}. One block per kernel. ${scale}`.trimEnd();
}

/** A learned feature map: one output channel of the first layer on the photograph. */
export function featureMapAlt(lang: Lang, k: KernelPageData, layerIndex: number, image: ImageRef, demeaned = false): string {
	const scale = scaleSentence(lang, image.scale);
	if (lang === 'ja') {
		const kernel = demeaned ? `カーネル ${k.index} から各チャンネルの平均を引いたもの` : `カーネル ${k.index} `;
		return `層 ${layerIndex} の${kernel}を写真に適用した出力（特徴マップ、${pixels('ja', image)}）。${scale}`;
	}
	const kernel = demeaned ? `kernel ${k.index} with each channel's mean removed` : `kernel ${k.index}`;
	return `Layer ${layerIndex}'s ${kernel} applied to the photograph (feature map, ${pixels('en', image)}). ${scale}`.trimEnd();
}

/** The model input (the photograph resized as the model sees it). */
export function inputAlt(lang: Lang, image: ImageRef): string {
	return lang === 'ja' ? `モデルに入力する大きさ（${pixels('ja', image)}）にした写真。` : `The photograph resized to the model's input (${pixels('en', image)}).`;
}

const FILTER_NAMES: Record<'original' | 'grayscale' | 'laplacian' | 'sobel-horizontal' | 'sobel-vertical', Text> = {
	original: { ja: '元の写真', en: 'the photograph' },
	grayscale: { ja: 'グレースケールにした写真', en: 'the photograph in greyscale' },
	laplacian: { ja: 'ラプラシアンを適用した写真', en: 'the photograph filtered by a Laplacian' },
	'sobel-horizontal': { ja: '水平エッジ用ソーベルを適用した写真', en: 'the photograph filtered by a Sobel for horizontal edges' },
	'sobel-vertical': { ja: '垂直エッジ用ソーベルを適用した写真', en: 'the photograph filtered by a Sobel for vertical edges' },
};

/** The sample photograph, as is or filtered by a designed kernel. */
export function photoAlt(lang: Lang, photo: PhotoData, filter: keyof typeof FILTER_NAMES, image: ImageRef): string {
	const what = FILTER_NAMES[filter][lang];
	const scale = scaleSentence(lang, image.scale);
	return lang === 'ja' ? `${photo.title.ja}: ${what}（${pixels('ja', image)}）。${scale}` : `${photo.title.en}: ${what} (${pixels('en', image)}). ${scale}`.trimEnd();
}

/** A colour bar, by its `${colormap}-${norm}` variant or `rgb`. */
export function legendAlt(lang: Lang, variant: string): string {
	if (variant.startsWith('viridis')) return lang === 'ja' ? 'カラーバー: 左端（最小値）の濃い紫から、青緑を経て、右端（最大値）の黄色まで。' : 'Colour bar: from dark purple at the left (lowest value) through blue-green to yellow at the right (highest).';
	if (variant.startsWith('rgb')) return lang === 'ja' ? 'カラーバー: 左端（負）の暗い色から、中央（0）の灰色を経て、右端（正）の明るい色まで。' : 'Colour bar: from dark at the left (negative) through mid-grey (zero) to bright at the right (positive).';
	return lang === 'ja' ? 'カラーバー: 左端（負）の青から、中央（0）の白を経て、右端（正）の赤まで。' : 'Colour bar: from blue at the left (negative) through white (zero) to red at the right (positive).';
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
