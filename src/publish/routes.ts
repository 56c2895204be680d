/** Stable permalinks of the generated pages (paths without base or language prefix). */

/** Layers per page of the layer browser. */
export const LAYERS_PER_PAGE = 24;

export function modelPath(modelId: string): string {
	return `models/${modelId}/`;
}

/** The permalink of one kernel: /models/<id>/layer-<L>/kernel-<K>/ */
export function kernelPath(modelId: string, layerIndex: number, kernelIndex: number): string {
	return `models/${modelId}/layer-${layerIndex}/kernel-${kernelIndex}/`;
}

/** The layer browser page that lists a layer, with the layer's anchor. */
export function layerPagePath(modelId: string, layerIndex: number): string {
	const page = Math.floor(layerIndex / LAYERS_PER_PAGE);
	return `${layersPath(modelId, page)}#layer-${layerIndex}`;
}

export function layersPath(modelId: string, page: number): string {
	return `models/${modelId}/layers/${page === 0 ? '' : `${page + 1}/`}`;
}
