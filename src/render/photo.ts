/** Photographs: loading, resizing, preprocessing for a model, grayscale, and 2-D filtering. */
import sharp from 'sharp';

/** How to turn a photograph into a model input: `((pixel * scale) - mean) / std` per channel. */
export interface Preprocess {
	size: [number, number];
	colorOrder: 'RGB' | 'BGR';
	scale: number;
	mean: [number, number, number] | number[];
	std: [number, number, number] | number[];
	/** Resampling kernel (timm's names); absent: bilinear (timm's default) with a cropPct, else sharp's Lanczos-3, as before the field existed. */
	interpolation?: Interpolation;
	/** timm's crop_pct: resize the short side to size / cropPct, then centre-crop to size (1 when absent). */
	cropPct?: number;
}

export type Interpolation = 'bilinear' | 'bicubic' | 'nearest';

/** timm's interpolation names as sharp's kernels. */
const SHARP_KERNEL = { bilinear: 'linear', bicubic: 'cubic', nearest: 'nearest' } as const;

/** An RGB photograph resized to an exact size (cover, centred), 3 bytes per pixel. */
export interface Photo {
	width: number;
	height: number;
	rgb: Uint8Array;
}

/** An error about the user's photograph; printed as one line by the CLI. */
export class PhotoError extends Error {
	override name = 'PhotoError';
	readonly userFacing = true;
	constructor(file: string, message: string, options?: { cause?: unknown }) {
		super(`${file}: ${message}`, options);
	}
}

/**
 * Loads `file` and resizes it to `height` × `width` (cover, centred), as RGB bytes. With `resample`,
 * as timm's evaluation transform: the short side to size / cropPct with the given kernel, then a centre crop.
 */
export async function loadPhoto(file: string, height: number, width: number, resample: Pick<Preprocess, 'interpolation' | 'cropPct'> = {}): Promise<Photo> {
	try {
		let image = sharp(file).removeAlpha().toColourspace('srgb');
		if (resample.interpolation === undefined && (resample.cropPct ?? 1) === 1) {
			// The original path, kept call for call: configs without the new fields render byte-identically.
			image = image.resize(width, height, { fit: 'cover', position: 'centre' });
		} else {
			const meta = await sharp(file).metadata();
			const box = cropBox(meta.height ?? height, meta.width ?? width, height, width, resample.cropPct ?? 1);
			image = image
				.resize(box.resizeWidth, box.resizeHeight, { fit: 'fill', kernel: SHARP_KERNEL[resample.interpolation ?? 'bilinear'] })
				.extract({ left: box.left, top: box.top, width, height });
		}
		const data = await image.raw().toBuffer();
		return { width, height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) };
	} catch (error) {
		throw new PhotoError(file, `cannot read the photograph (${(error as Error).message}). Use a PNG or JPEG file`, { cause: error });
	}
}

/**
 * The resize and crop of timm's evaluation transform (transforms_imagenet_eval with crop_mode
 * "center"): the image is scaled to cover floor(size / cropPct) keeping its aspect ratio, the long
 * side truncated as torchvision's Resize does, then cropped in the centre, offsets rounded half to even
 * as Python's round() does.
 * @example cropBox(480, 640, 224, 224, 0.875) // { resizeHeight: 256, resizeWidth: 341, top: 16, left: 58 }
 */
export function cropBox(imageHeight: number, imageWidth: number, height: number, width: number, cropPct: number): { resizeHeight: number; resizeWidth: number; top: number; left: number } {
	const scaledHeight = Math.floor(height / cropPct);
	const scaledWidth = Math.floor(width / cropPct);
	let resizeHeight: number;
	let resizeWidth: number;
	if (scaledHeight / imageHeight >= scaledWidth / imageWidth) {
		resizeHeight = scaledHeight;
		resizeWidth = Math.max(width, Math.floor((scaledHeight * imageWidth) / imageHeight));
	} else {
		resizeWidth = scaledWidth;
		resizeHeight = Math.max(height, Math.floor((scaledWidth * imageHeight) / imageWidth));
	}
	return { resizeHeight, resizeWidth, top: roundHalfEven((resizeHeight - height) / 2), left: roundHalfEven((resizeWidth - width) / 2) };
}

function roundHalfEven(x: number): number {
	const r = Math.round(x);
	return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Loads `file` scaled (never enlarged) to fit `maxSide` on its longer side. */
export async function loadPhotoFit(file: string, maxSide: number): Promise<Photo> {
	let meta;
	try {
		meta = await sharp(file).metadata();
	} catch (error) {
		throw new PhotoError(file, `cannot read the photograph (${(error as Error).message}). Use a PNG or JPEG file`, { cause: error });
	}
	const k = Math.min(1, maxSide / Math.max(meta.width ?? 1, meta.height ?? 1));
	return loadPhoto(file, Math.max(1, Math.round((meta.height ?? 1) * k)), Math.max(1, Math.round((meta.width ?? 1) * k)));
}

/** The model input tensor (NCHW float32, batch 1) for a photo, in the model's channel order. */
export function toInputTensor(photo: Photo, p: Preprocess): Float32Array {
	const n = photo.width * photo.height;
	const out = new Float32Array(3 * n);
	const order = p.colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
	for (let c = 0; c < 3; c++) {
		const src = order[c];
		const mean = p.mean[c];
		const std = p.std[c];
		for (let i = 0; i < n; i++) out[c * n + i] = (photo.rgb[i * 3 + src] * p.scale - mean) / std;
	}
	return out;
}

/**
 * The photograph at the model's input size and its input tensor, as `preprocess` says: the one path
 * from a photo file to model input, shared by the feature maps and the whole-model classification.
 * @example const { photo, tensor } = await loadInputTensor('chelsea.png', config.preprocess);
 */
export async function loadInputTensor(file: string, p: Preprocess): Promise<{ photo: Photo; tensor: Float32Array }> {
	const photo = await loadPhoto(file, p.size[0], p.size[1], p);
	return { photo, tensor: toInputTensor(photo, p) };
}

/** BT.601 luma in 0–1, the grayscale the designed filters are applied to. */
export function grayscale(photo: Photo): Float32Array {
	const n = photo.width * photo.height;
	const out = new Float32Array(n);
	for (let i = 0; i < n; i++) out[i] = (0.299 * photo.rgb[i * 3] + 0.587 * photo.rgb[i * 3 + 1] + 0.114 * photo.rgb[i * 3 + 2]) / 255;
	return out;
}

/**
 * 2-D cross-correlation (what Conv layers compute) with a k × k kernel, stride 1, edges replicated so
 * the border does not light up as a false edge.
 */
export function filter2d(image: Float32Array, height: number, width: number, kernel: number[][]): Float32Array {
	const k = kernel.length;
	const r = (k - 1) / 2;
	const out = new Float32Array(height * width);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			let acc = 0;
			for (let i = 0; i < k; i++) {
				const yy = Math.min(height - 1, Math.max(0, y + i - r));
				for (let j = 0; j < k; j++) {
					const xx = Math.min(width - 1, Math.max(0, x + j - r));
					acc += kernel[i][j] * image[yy * width + xx];
				}
			}
			out[y * width + x] = acc;
		}
	}
	return out;
}
