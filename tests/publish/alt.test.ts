/**
 * Text alternatives and match details, in both languages, written from hand-built facts. Every expected
 * sentence is written out by hand here; none is produced by the code under test.
 */
import { describe, expect, it } from 'vitest';
import type { ImageRef, ImageScale, KernelPageData, LayerData, PhotoData } from '../../src/pipeline/atlas-data.ts';
import { detailText, featureMapAlt, inputAlt, kernelAlt, legendAlt, mosaicAlt, photoAlt } from '../../src/publish/alt.ts';

const image = (facts: Partial<ImageRef> = {}): ImageRef => ({ src: 'x.png', width: 96, height: 96, alt: 'the renderer’s English, never shown', ...facts });

/** A kernel as the page data carries it; only the fields the text uses matter. */
function kernel(facts: Partial<KernelPageData>): KernelPageData {
	return {
		index: 0,
		values: [[[0, 1], [-1, 0]]],
		summed: [[0, 1], [-1, 0]],
		bias: null,
		stats: { min: -1, max: 1, mean: 0, std: 0.7071, l2: 1.4142, nearZero: 0.5 },
		match: 'unclassified',
		matchDetail: null,
		score: 0,
		polarity: 1,
		compared: { view: 'sum', weights: null, height: 2, width: 2, values: [[0, 1], [-1, 0]] },
		top: [],
		colorOpponent: null,
		mapSimilarity: null,
		images: { summed: {}, rgb: null, channels: {} },
		featureMap: null,
		demeanedMap: null,
		...facts,
	} as KernelPageData;
}

describe('match details', () => {
	it('a Gabor: θ, λ and phase', () => {
		const d = { kind: 'gabor', theta: 45, lambda: 3, phase: 'odd' } as const;
		expect(detailText('en', d)).toBe('θ=45° λ=3px odd');
		expect(detailText('ja', d)).toBe('θ=45° λ=3px 奇（段差状）');
	});
	it('a Laplacian: its neighbourhood', () => {
		const d = { kind: 'neighbourhood', neighbours: 8 } as const;
		expect(detailText('en', d)).toBe('8-neighbour');
		expect(detailText('ja', d)).toBe('8 近傍');
	});
	it('a LoG and a Gaussian: σ', () => {
		expect(detailText('en', { kind: 'log', sigma: 0.8 })).toBe('LoG σ=0.8');
		expect(detailText('ja', { kind: 'log', sigma: 0.8 })).toBe('LoG σ=0.8');
		expect(detailText('ja', { kind: 'gaussian', sigma: 1 })).toBe('σ=1');
	});
	it('a colour opponent: axis, colours and the shape by its name, never its id', () => {
		const d = { kind: 'opponent', axis: 'blue-yellow', positive: 'blue', negative: 'yellow', shape: 'gaussian-blur' } as const;
		expect(detailText('en', d)).toBe('blue-yellow (blue +, yellow −), shape: Gaussian blur');
		expect(detailText('ja', d)).toBe('青と黄（青 +、黄 −）、形: ガウシアンぼかし');
		const none = { ...d, shape: 'unclassified' } as const;
		expect(detailText('en', none)).toBe('blue-yellow (blue +, yellow −), shape: unclassified');
		expect(detailText('ja', none)).toBe('青と黄（青 +、黄 −）、形: 分類なし');
	});
	it('nothing for a family with one member', () => {
		expect(detailText('ja', null)).toBeNull();
	});
});

describe('kernel images', () => {
	const scale: ImageScale = { colormap: 'diverging', norm: 'layer', range: [-0.52, 0.52] };

	it('a Gabor with θ and λ, summed over its channels', () => {
		const k = kernel({ index: 7, match: 'gabor', matchDetail: { kind: 'gabor', theta: 45, lambda: 3, phase: 'odd' }, score: 0.912, summed: [[0.5, -0.25], [0, 0.125]] });
		expect(kernelAlt('en', k, 'summed', ['R'], image({ scale }))).toBe(
			'Kernel 7 (like Gabor θ=45° λ=3px odd, similarity 0.912), summed over its input channels: [[0.5, −0.25], [0, 0.125]]. Blue is negative, near-white zero, red positive; scaled across the layer from −0.52 to 0.52.',
		);
		expect(kernelAlt('ja', k, 'summed', ['R'], image({ scale }))).toBe(
			'カーネル 7（ガボール θ=45° λ=3px 奇（段差状）に類似、類似度 0.912）、入力チャンネルの和: [[0.5, −0.25], [0, 0.125]]。青が負、白に近い色が 0、赤が正（層全体の範囲 −0.52 〜 0.52）。',
		);
	});

	it('an inverted Laplacian, every channel on its own', () => {
		const k = kernel({ index: 2, match: 'laplacian', matchDetail: { kind: 'neighbourhood', neighbours: 4 }, polarity: -1, score: 0.97, values: [[[0, 1], [1, -4]], [[0, 0], [0, 0]]] });
		const kernelScale: ImageScale = { colormap: 'diverging', norm: 'kernel', range: [-4, 4] };
		expect(kernelAlt('en', k, 'channels', ['R', 'G'], image({ scale: kernelScale }))).toBe(
			'Kernel 2 (like an inverted Laplacian 4-neighbour, similarity 0.97), each input channel on its own, top to bottom: R [[0, 1], [1, −4]], G [[0, 0], [0, 0]]. Blue is negative, near-white zero, red positive; scaled to this kernel from −4 to 4.',
		);
		expect(kernelAlt('ja', k, 'channels', ['R', 'G'], image({ scale: kernelScale }))).toBe(
			'カーネル 2（ラプラシアン 4 近傍（反転）に類似、類似度 0.97）、入力チャンネルを上から順に: R [[0, 1], [1, −4]]、G [[0, 0], [0, 0]]。青が負、白に近い色が 0、赤が正（このカーネルの範囲 −4 〜 4）。',
		);
	});

	it('a colour opponent as an RGB composite', () => {
		const k = kernel({
			index: 3,
			match: 'color-opponent',
			matchDetail: { kind: 'opponent', axis: 'red-green', positive: 'red', negative: 'green', shape: 'box-blur' },
			colorOpponent: { axis: 'red-green', positive: 'red', negative: 'green', strength: 0.8 },
			score: 0.4,
			values: [[[0.1]], [[-0.1]], [[0]]],
		});
		const rgb = image({ scale: { colormap: 'rgb', norm: 'layer', range: [-0.25, 0.25] } });
		expect(kernelAlt('en', k, 'rgb', ['R', 'G', 'B'], rgb)).toBe(
			'Kernel 3 (Colour opponent (red + / green −, strength 0.80)) as colour: mid-grey is zero, and each channel\'s weight makes its colour brighter when positive, darker when negative (up to ±0.25). Channel values: R [[0.1]], G [[−0.1]], B [[0]]',
		);
		expect(kernelAlt('ja', k, 'rgb', ['R', 'G', 'B'], rgb)).toBe(
			'カーネル 3（色の対比（赤 + ／ 緑 −、強さ 0.80））の RGB 合成。重み 0 が灰色で、各色の重みが正なら明るく、負なら暗く描かれています（最大 ±0.25）。チャンネルごとの値: R [[0.1]]、G [[−0.1]]、B [[0]]',
		);
	});

	it('a LoG with σ, and no likeness at all', () => {
		const log = kernel({ index: 1, match: 'center-surround', matchDetail: { kind: 'log', sigma: 0.6 }, score: 0.75, summed: [[1]] });
		expect(kernelAlt('en', log, 'summed', [], image())).toBe('Kernel 1 (like Centre-surround (LoG/DoG) LoG σ=0.6, similarity 0.75), summed over its input channels: [[1]].');
		expect(kernelAlt('ja', log, 'summed', [], image())).toBe('カーネル 1（中心周辺型（LoG/DoG） LoG σ=0.6に類似、類似度 0.75）、入力チャンネルの和: [[1]]。');
		const none = kernel({ index: 4, summed: [[-0]] });
		expect(kernelAlt('en', none, 'summed', [], image())).toBe('Kernel 4 (no clear likeness to a classical filter), summed over its input channels: [[0]].');
		expect(kernelAlt('ja', none, 'summed', [], image())).toBe('カーネル 4（古典的なフィルタとのはっきりした類似なし）、入力チャンネルの和: [[0]]。');
	});
});

describe('layer, photograph and legend images', () => {
	const layer = { index: 0, name: 'conv1.weight', module: 'conv1', weightShape: [64, 3, 3, 3] } as LayerData;

	it('a mosaic page', () => {
		const page = image({ scale: { colormap: 'diverging', norm: 'layer', range: [-0.921, 0.921] }, page: { index: 2, count: 3, firstKernel: 24, lastKernel: 47 } });
		expect(mosaicAlt('en', layer, page)).toBe(
			'Mosaic of layer 0 (conv1): 64 kernels of 3 channels × 3×3, page 2 of 3 (kernels 24–47). One block per kernel. Blue is negative, near-white zero, red positive; scaled across the layer from −0.921 to 0.921.',
		);
		expect(mosaicAlt('ja', layer, page)).toBe(
			'層 0（conv1）のモザイク: 64 個のカーネル（各 3 チャンネル × 3×3）、3 枚中 2 枚目（カーネル 24〜47）。1 つのブロックが 1 つのカーネルです。青が負、白に近い色が 0、赤が正（層全体の範囲 −0.921 〜 0.921）。',
		);
		const whole = image({ scale: { colormap: 'viridis', norm: 'kernel', range: null }, page: { index: 1, count: 1, firstKernel: 0, lastKernel: 63 } });
		expect(mosaicAlt('en', layer, whole)).toBe('Mosaic of layer 0 (conv1): 64 kernels of 3 channels × 3×3. One block per kernel. Dark purple is the lowest value, yellow the highest; each kernel on its own scale.');
		expect(mosaicAlt('ja', layer, whole)).toBe('層 0（conv1）のモザイク: 64 個のカーネル（各 3 チャンネル × 3×3）。1 つのブロックが 1 つのカーネルです。濃い紫が最小値、黄色が最大値（カーネルごとの範囲）。');
	});

	it('a feature map, and one of the kernel with its channel means removed', () => {
		const k = kernel({ index: 5 });
		const map = image({ width: 111, height: 111, scale: { colormap: 'diverging', norm: 'image', range: [-73.855, 73.855], clippedPercent: 0.5 } });
		expect(featureMapAlt('en', k, 0, map)).toBe(
			"Layer 0's kernel 5 applied to the photograph (feature map, 111 × 111 pixels). Blue is negative, near-white zero, red positive; scaled to this image from −73.9 to 73.9; the strongest 0.5% of responses clipped.",
		);
		expect(featureMapAlt('ja', k, 0, map)).toBe('層 0 のカーネル 5 を写真に適用した出力（特徴マップ、111 × 111 画素）。青が負、白に近い色が 0、赤が正（この画像の範囲 −73.9 〜 73.9、いちばん強い 0.5% の応答は端の色で打ち切り）。');
		expect(featureMapAlt('ja', k, 0, map, true)).toBe(
			'層 0 のカーネル 5 から各チャンネルの平均を引いたものを写真に適用した出力（特徴マップ、111 × 111 画素）。青が負、白に近い色が 0、赤が正（この画像の範囲 −73.9 〜 73.9、いちばん強い 0.5% の応答は端の色で打ち切り）。',
		);
	});

	it('the model input, the photograph filtered, and the colour bars', () => {
		const photo = { title: { ja: '猫', en: 'A cat' } } as PhotoData;
		expect(inputAlt('en', image({ width: 224, height: 224 }))).toBe("The photograph resized to the model's input (224 × 224 pixels).");
		expect(inputAlt('ja', image({ width: 224, height: 224 }))).toBe('モデルに入力する大きさ（224 × 224 画素）にした写真。');
		const sobel = image({ width: 320, height: 240, scale: { colormap: 'diverging', norm: 'image', range: [-2, 2], clippedPercent: 0.5 } });
		expect(photoAlt('en', photo, 'sobel-vertical', sobel)).toBe(
			'A cat: the photograph filtered by a Sobel for vertical edges (320 × 240 pixels). Blue is negative, near-white zero, red positive; scaled to this image from −2 to 2; the strongest 0.5% of responses clipped.',
		);
		expect(photoAlt('ja', photo, 'grayscale', image({ width: 320, height: 240 }))).toBe('猫: グレースケールにした写真（320 × 240 画素）。');
		expect(legendAlt('en', 'viridis-kernel')).toBe('Colour bar: from dark purple at the left (lowest value) through blue-green to yellow at the right (highest).');
		expect(legendAlt('ja', 'diverging-layer')).toBe('カラーバー: 左端（負）の青から、中央（0）の白を経て、右端（正）の赤まで。');
	});
});
