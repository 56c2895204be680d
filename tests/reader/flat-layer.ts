/**
 * A layer with its geometry and ONNX facts spread on top, as the tests' ONNX reference convolutions and
 * fixture expectations read them (the reader keeps them apart because a checkpoint has neither).
 */
import type { ConvGeometry, ConvLayer, OnnxLayerDetail } from '../../src/reader/model.ts';

export type FlatLayer = ConvLayer & ConvGeometry & OnnxLayerDetail;

/** Flattens an ONNX layer (one with geometry and ONNX facts); throws for a checkpoint layer. */
export function flatLayer(layer: ConvLayer): FlatLayer {
	if (!layer.geometry || !layer.onnx) throw new Error(`layer ${layer.name} has no ONNX geometry`);
	return { ...layer, ...layer.geometry, ...layer.onnx };
}
