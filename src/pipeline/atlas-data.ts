/**
 * The data the model pipeline hands to the site: `generated/atlas.json` and one
 * `generated/models/<id>.json` per model. Pages only present this data; they compute nothing.
 */
import type { ColorOpponent, ComparedForm, Family, MatchDetail, MatchShares, TemplateDetail, WeightStats } from '../analysis/index.ts';
import type { ConvLayer, ModelInfo } from '../reader/model.ts';
import type { ModelConfig } from '../config/model-config.ts';
import type { Prediction } from '../render/classify.ts';
import type { LabelSet, LabelSource } from '../render/labels.ts';
import type { MosaicLayout } from '../render/mosaic.ts';
import type { PlaygroundManifest } from '../render/playground.ts';

/** An image the pipeline wrote under `public/atlas/`; `src` is relative to the site's base URL. */
export interface ImageRef {
	src: string;
	width: number;
	height: number;
	/**
	 * The renderer's English description, kept for `kernel-atlas render`'s page data; pages write their
	 * text alternatives in both languages from the facts (`scale`, `page` and the kernel's data) in src/publish/alt.ts.
	 */
	alt: string;
	/** How the colours encode values (absent for photographs and colour bars). */
	scale?: ImageScale;
	/** A mosaic page: which page of how many, and the kernels it shows. */
	page?: { index: number; count: number; firstKernel: number; lastKernel: number };
	/**
	 * A rectangle of a larger image (one kernel of a gallery sheet): the image at `src` is
	 * `sheetWidth` × `sheetHeight`, and this one is its `width` × `height` pixels at (`x`, `y`).
	 */
	cell?: { x: number; y: number; sheetWidth: number; sheetHeight: number };
}

/** How an image's colours encode values: the facts its text alternative states. */
export interface ImageScale {
	colormap: 'diverging' | 'viridis' | 'rgb';
	/** One scale for the whole layer, each kernel on its own, or this image on its own (feature maps, filtered photographs). */
	norm: 'layer' | 'kernel' | 'image';
	/** Values at the two ends of the scale (for `rgb`, ± the largest weight); null when every kernel has its own. */
	range: [number, number] | null;
	/** Percent of the strongest responses clipped at the ends of the scale (feature maps, filtered photographs). */
	clippedPercent?: number;
}

/** Statistics of a kernel or a layer, as the analysis stage computes them. */
export type KernelStats = WeightStats;

/** One convolution layer with its analysis and mosaic. */
export interface LayerData extends ConvLayer {
	/** Layer analysis; null when the kernel is computed at run time (storage `dynamic`). */
	stats: KernelStats | null;
	histogram: { min: number; max: number; counts: number[] } | null;
	families: Record<string, number>;
	/** Kernels per group (`vertical-edge`, `blur`, `gabor`, ...: `FAMILY_GROUPS`), the grouping every page quotes. */
	groups: Record<string, number>;
	/** Classical matches, colour-opponent kernels and the rest (`matchShares`); null without analysis. */
	shares: MatchShares | null;
	/** Mosaic pages (more than one when the layer is too big for one image). */
	mosaic: ImageRef[];
	/** What the mosaic shows and how (normalisation, paging, downsampling). */
	mosaicNote: string;
	/** Where each kernel and channel is in the mosaic images (null without a mosaic). */
	mosaicLayout: MosaicLayout | null;
	/** Receptive field on the input image, in pixels, along height (null when unknown). */
	receptiveField: number | null;
	/** Why the layer has no analysis or images: its weight is computed at run time, or `limits.maxLayers`. */
	skipped: 'dynamic' | 'limit' | null;
	/** Whether this layer has a full per-kernel gallery. */
	hasGallery: boolean;
}

/** One kernel of a gallery layer. */
export interface KernelPageData {
	index: number;
	/** Values as [channel][row][col] for 2-D kernels (other ranks are flattened to rows). */
	values: number[][][];
	/** Sum over input channels, [row][col]. */
	summed: number[][];
	bias: number | null;
	stats: KernelStats;
	/** The kernel's kind: a classical family, `unclassified`, `pointwise` or `color-opponent`. */
	match: Family;
	/** Which member of the family (numbers; `detailText` in src/publish/alt.ts writes it in words). */
	matchDetail: MatchDetail | null;
	/** |cosine| of the compared form with its nearest template (not the opponency strength). */
	score: number;
	polarity: 1 | -1;
	/** The matrix the templates were compared with, and how it was made from the channels (values rounded to 6 digits). */
	compared: Omit<ComparedForm, 'values'> & { values: number[][] };
	/** The best templates, best first: signed cosine and the unit-norm template (rounded to 6 digits). */
	top: { family: Family; detail: TemplateDetail | null; cosine: number; values: number[][] }[];
	colorOpponent: Omit<ColorOpponent, 'color'> | null;
	/**
	 * Pearson correlation, on the sample photograph, of this kernel's feature map with each designed
	 * filter's output (`raw`), and of the map of the same kernel with each channel's mean removed (`demeaned`).
	 */
	mapSimilarity: MapSimilarity | null;
	images: {
		/** By colormap (`diverging`, `viridis`) and normalisation (`kernel`, `layer`). */
		summed: Record<string, ImageRef>;
		rgb: ImageRef | null;
		/** Every input channel on its own, stacked top to bottom, by `${cmap}-${norm}`. */
		channels: Record<string, ImageRef>;
	};
	featureMap: ImageRef | null;
	/** The feature map of the kernel with each channel's mean removed (blind to flat colour). */
	demeanedMap: ImageRef | null;
}

/** Correlations of a feature map with the designed filters' outputs, by filter (`CLASSICAL_FILTERS`). */
export interface MapSimilarity {
	raw: Record<string, number>;
	demeaned: Record<string, number>;
}

export interface GalleryData {
	layerIndex: number;
	/** Colour legend per `${cmap}-${norm}` key (a colorbar with its numeric range). */
	legends: Record<string, ImageRef & { min: number | null; max: number | null }>;
	channelNames: string[];
	kernels: KernelPageData[];
}

/** The whole model's answer on the sample photograph, for configs that name their `labels`. */
export interface ClassificationData {
	labels: LabelSet;
	/** Where the class names come from (shown on the credits page). */
	labelSource: LabelSource;
	/** File name of the photograph the model was run on. */
	photo: string;
	/** Most probable classes first (English names); empty when `note` says why the model was not run. */
	top: Prediction[];
	/** True when the model outputs scores and softmax was applied here; false when it outputs probabilities. */
	softmaxApplied: boolean;
	/** Why there is no result (too large, not ONNX, an input it cannot take); null when it ran. */
	note: string | null;
}

export interface ModelData {
	id: string;
	config: ModelConfig;
	info: ModelInfo;
	layers: LayerData[];
	galleries: GalleryData[];
	/** The photograph as the model saw it (after resizing), when feature maps were rendered. */
	inputImage: ImageRef | null;
	kernelCount: number;
	imageCount: number;
	/** External-data files the weights were read from (relative to the model), with their content hash. */
	externalData: { location: string; sha256: string }[];
	/** Top-5 classes on the sample photograph; null when the config names no `labels`. */
	classification: ClassificationData | null;
	/**
	 * The browser playground's data for the first layer (`src`: its manifest, relative to the base URL);
	 * null when the first layer does not read the colour image.
	 */
	playground: (PlaygroundManifest & { src: string }) | null;
}

export interface PhotoData {
	id: string;
	title: { ja: string; en: string };
	author: string;
	license: string;
	source: string;
	sourceUrl: string;
	image: ImageRef;
	/** The photograph filtered by designed kernels: `laplacian`, `sobel-horizontal`, `sobel-vertical`, `grayscale`. */
	filtered: Record<string, ImageRef>;
}

export interface AtlasIndex {
	models: { id: string; title: { ja: string; en: string }; bytes: number; layers: number; kernels: number }[];
	featured: string | null;
	photos: PhotoData[];
}
