/** Which layer reads the colour photograph itself: the one whose kernels are drawn as colours and run on a photo. */
import { readsImage } from '../analysis/geometry.ts';
import type { ConvLayer } from '../reader/model.ts';

/**
 * True for a 2-D forward convolution that reads the 3-channel image directly (its second weight axis is
 * the colours; for ConvTranspose it would be C_out/group): its kernels can be drawn as colours, and
 * `renderFeatureMaps` can run it on a photograph. Kept apart from feature-maps.ts, so that deciding
 * does not load sharp and onnxruntime.
 */
export function readsColourImage(layer: ConvLayer): boolean {
	return readsImage(layer) && !layer.transposed && layer.weightShape.length === 4 && layer.weightShape[1] === 3 && (layer.geometry?.group ?? 1) === 1;
}
