/**
 * The model readers: one per format (ONNX, safetensors, PyTorch state dicts), each
 * `{ match(firstBytes), open(path) }`, tried in turn by `openModel` (open.ts), which every caller uses. They
 * stand alone (no Astro, no sharp) and throw only ModelError. See README.md. This module is the whole
 * API; a caller that wants only `openModel` imports open.ts, which loads a format's decoder only once a
 * file turns out to be in it.
 */
export type * from './model.ts';
export { ModelError, OnnxError } from './errors.ts';
export { openModel, READERS } from './open.ts';
export { openOnnxModel } from './onnx/index.ts';
export { withExposedOutputs } from './onnx/expose.ts';
export { singleConvModel, assumedGeometry, SINGLE_CONV_IO } from './onnx/single-conv.ts';
export { modulePath, weightLayerName } from './onnx/layers.ts';
export { writeNpy, kernelToJson, type KernelJson } from './npy.ts';
export { formatLayerTable } from './layer-table.ts';
