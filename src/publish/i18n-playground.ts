/**
 * UI strings of the kernel playground, in both languages. The page renders some; the rest go to the
 * browser script as JSON. `{name}` marks a value the script fills in.
 */
import { familyName, type Lang } from './i18n.ts';

const PLAYGROUND = {
	title: { ja: 'カーネルを自分で試す', en: 'Try it: the kernel playground' },
	intro: {
		ja: 'カーネルの値を書き換えたり、用意したカーネルや、実際のモデルが学習した 1 層目のカーネルを選んだりすると、写真にかけた結果がその場で変わります。出力の画素にカーソルを合わせる（タップする）と、その画素で行われた「掛けて、足す」計算がすべて表示されます。計算はすべてこのブラウザの中で行います。',
		en: 'Edit the kernel, or pick a designed one or a first-layer kernel that a real model learned, and watch the photograph change. Hover over (or tap) a pixel of the output to see every multiplication and the sum that made it. Everything is computed in your browser.',
	},
	noscript: {
		ja: 'この実験台は JavaScript で動きます。上の図はサイトのビルド時に計算したものです。',
		en: 'The playground needs JavaScript. The filtered photographs above were computed when the site was built.',
	},
	photo: { ja: '写真', en: 'Photograph' },
	ownPhoto: { ja: '自分の写真', en: 'Your own photo' },
	chooseFile: { ja: '画像ファイルを選ぶ', en: 'Choose an image file' },
	ownPhotoNote: { ja: '選んだ画像はこのブラウザの中で読むだけで、どこにも送信しません。', en: 'Your image is read in this browser only; it is never uploaded.' },
	photoError: { ja: 'この画像は読み込めませんでした。PNG か JPEG のファイルを選んでください。', en: 'This image could not be read. Choose a PNG or JPEG file.' },
	kernel: { ja: 'カーネル', en: 'Kernel' },
	presets: { ja: '用意したカーネル', en: 'Designed kernels' },
	'laplacian-4': { ja: 'ラプラシアン（4 近傍）', en: 'Laplacian (4-neighbour)' },
	'laplacian-8': { ja: 'ラプラシアン（8 近傍）', en: 'Laplacian (8-neighbour)' },
	negate: { ja: '符号を反転（×−1）', en: 'Negate (×−1)' },
	size: { ja: '大きさ', en: 'Size' },
	learned: { ja: '{model} の 1 層目のカーネル', en: 'First-layer kernels of {model}' },
	learnedNone: { ja: '（選ばない）', en: '(none)' },
	learnedOption: { ja: '#{k}：{family}', en: '#{k}: {family}' },
	applyAs: { ja: '写真へのかけ方', en: 'Apply to' },
	applyColour: { ja: '色チャンネルごとに（モデルと同じ）', en: 'each colour channel, as the model does' },
	applyGrey: { ja: 'グレースケールに（チャンネルの和）', en: 'the greyscale photo (sum over channels)' },
	relu: { ja: 'ReLU をかける（負の値を 0 にする）', en: 'Apply ReLU (negative values become 0)' },
	editor: { ja: 'カーネルの値', en: 'Kernel values' },
	editorChannel: { ja: '{ch} チャンネルの重み', en: 'Weights for channel {ch}' },
	cell: { ja: '{r} 行 {c} 列', en: 'row {r}, column {c}' },
	cellChannel: { ja: '{ch} チャンネル {r} 行 {c} 列', en: 'channel {ch}, row {r}, column {c}' },
	kernelSum: { ja: '値の合計：{sum}', en: 'Sum of the values: {sum}' },
	input: { ja: '入力', en: 'Input' },
	output: { ja: '出力', en: 'Output' },
	outputLabel: {
		ja: '出力の画像。矢印キーで画素を選ぶと、その画素の計算が下に表示されます。',
		en: 'The output image. Choose a pixel with the arrow keys to see its arithmetic below.',
	},
	legend: {
		ja: '色と値の対応：0 が白、正が赤、負が青（絶対値の大きい上位 0.5 % は両端の色にそろえています）',
		en: 'Colour scale: 0 white, positive red, negative blue (the strongest 0.5 % of values take the end colours)',
	},
	min: { ja: '最小', en: 'Minimum' },
	max: { ja: '最大', en: 'Maximum' },
	mean: { ja: '平均', en: 'Mean' },
	noteGrey: {
		ja: 'グレースケール（0〜1）にした写真に、ストライド 1 で、端の画素を複製してかけています。出力は {w} × {h} 画素です。',
		en: 'Applied to the greyscale photo (0 to 1) with stride 1, edge pixels repeated. The output is {w} × {h} pixels.',
	},
	noteColour: {
		ja: '{model} の層 {layer}（{name}）と同じ計算です。モデルの前処理をした {channels} チャンネルの写真に、ストライド {stride}、パディング {pads} でかけ、バイアス {bias} を足しています{assumed}。出力は {w} × {h} 画素です。',
		en: 'The computation of layer {layer} ({name}) of {model}: on the photo preprocessed as the model expects ({channels} channels), stride {stride}, padding {pads}, plus the bias {bias}{assumed}. The output is {w} × {h} pixels.',
	},
	noBias: { ja: '0（この層にはバイアスがありません）', en: '0 (the layer has none)' },
	assumed: {
		ja: '（ファイルにストライドとパディングの記録がないため、ストライド 1 と、出力の大きさが変わらないパディングを仮定）',
		en: ' (the file records no stride or padding, so stride 1 and same padding are assumed)',
	},
	arithTitle: { ja: '画素 ({x}, {y}) の計算', en: 'The arithmetic at pixel ({x}, {y})' },
	arithRegion: { ja: '出力の画素の計算', en: 'The arithmetic at an output pixel' },
	arithHint: { ja: '出力の画素にカーソルを合わせるか、タップしてください。', en: 'Hover over or tap a pixel of the output.' },
	channel: { ja: '{ch} チャンネル', en: 'Channel {ch}' },
	patch: { ja: '入力のパッチ', en: 'Input patch' },
	products: { ja: '積', en: 'Products' },
	sumOfProducts: { ja: '積の和', en: 'Sum of the products' },
	bias: { ja: 'バイアス', en: 'bias' },
	padding: { ja: '「·」のマスはパディング（値 0）です。', en: 'Cells marked “·” are padding (value 0).' },
	status: { ja: '画素 ({x}, {y})：{v}', en: 'Pixel ({x}, {y}): {v}' },
	loadError: { ja: '実験台のデータを読み込めませんでした。', en: 'The playground could not load its data.' },
	modelMissing: { ja: '指定されたモデルのデータがないため、{model} を使います。', en: 'No playground data for the requested model; showing {model} instead.' },
	tryKernel: { ja: 'このカーネルを試す', en: 'Try this kernel' },
	tryKernelText: {
		ja: '写真にかけた結果と、画素ごとの掛け算と足し算を、チュートリアルの実験台で見られます。',
		en: 'See it applied to a photograph, with the multiplications and the sum at any pixel, in the tutorial’s playground.',
	},
} as const;

export type PlaygroundStringKey = keyof typeof PLAYGROUND;

/** The playground's strings in one language, plus the names of the kernel families and designed kernels. */
export function playgroundStrings(lang: Lang): Record<PlaygroundStringKey, string> & { families: Record<string, string> } {
	const out = Object.fromEntries(Object.entries(PLAYGROUND).map(([k, v]) => [k, v[lang]])) as Record<PlaygroundStringKey, string>;
	const ids = ['identity', 'box-blur', 'gaussian-blur', 'sharpen', 'laplacian', 'sobel-horizontal', 'sobel-vertical', 'prewitt-horizontal', 'prewitt-vertical', 'scharr-horizontal', 'scharr-vertical', 'diagonal-edge', 'center-surround', 'gabor', 'color-opponent', 'pointwise', 'unclassified'];
	return { ...out, families: Object.fromEntries(ids.map((id) => [id, familyName(lang, id)])) };
}
