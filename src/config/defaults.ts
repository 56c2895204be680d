/**
 * The defaults of a config's `preprocess` and `limits`, without zod: the schema (model-config.ts) takes
 * them from here, and so does a command line run on a model no config names, which must not pay for
 * loading the schema library it does not use.
 */

/** `preprocess` when a config leaves it out: 224 × 224, RGB, 0–1 pixels, ImageNet's mean and std. */
export const PREPROCESS_DEFAULTS = {
	size: [224, 224] as [number, number],
	colorOrder: 'RGB' as 'RGB' | 'BGR',
	scale: 1 / 255,
	mean: [0.485, 0.456, 0.406] as [number, number, number],
	std: [0.229, 0.224, 0.225] as [number, number, number],
};

/** `limits` when a config leaves it out: the first layer gets the gallery, every layer is drawn. */
export const LIMITS_DEFAULTS = { galleryLayers: 1 };
