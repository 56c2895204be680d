/**
 * Config facts a model file states or suggests, for `kernel-atlas add` on a local file: the input size,
 * the channel order and pixel range from ONNX's image metadata (`Image.BitmapPixelFormat`,
 * `Image.NominalPixelRange`, see onnx/docs/MetadataProps.md) or a uint8 input, and what the outputs say
 * the model does. Whatever the file does not say is a guess, and each value says which it is, so the
 * author knows what to check.
 */
import type { GraphInput, ModelInfo } from '../reader/model.ts';
import type { ModelConfigInput } from './model-config.ts';

type PreprocessInput = NonNullable<ModelConfigInput['preprocess']>;

/** Where a scaffolded value comes from: stated by the file, read off its shapes, or a guess. */
export type Provenance = 'file' | 'shape' | 'guess';

/** One scaffolded value and why it is what it is, as `add` prints it. */
export interface ScaffoldFact {
	field: string;
	value: string;
	from: Provenance;
	why: string;
}

/** What `add` writes for a model file, and the reasons. */
export interface ModelFacts {
	/** The task, or null when neither the file nor its outputs say (the scaffold then writes a placeholder). */
	task: string | null;
	preprocess: PreprocessInput;
	facts: ScaffoldFact[];
	/** Extra suggestions, e.g. `labels` for a 1000-class output. */
	notes: string[];
}

/** Where the right preprocessing is usually written down, for the guesses. */
export const PREPROCESS_SOURCES =
	"the model card or README, or the code that trained or exported the model (torchvision: the weights' transforms(); timm: pretrained_cfg in config.json; OpenCV or Caffe: the mean, scale and swapRB given to cv2.dnn.blobFromImage, or transform_param in the prototxt)";

const IMAGENET = { scale: 1 / 255, mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };
/** Caffe's ImageNet mean pixel in BGR order, on 0–255 values (the classic Caffe models' preprocessing). */
const CAFFE = { scale: 1, mean: [104, 117, 123] as [number, number, number], std: [1, 1, 1] as [number, number, number] };
const RANGES: Record<string, { scale: number; mean: [number, number, number]; std: [number, number, number] }> = {
	NominalRange_0_255: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] },
	Normalized_0_1: { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
	Normalized_1_1: { scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
};
const shape = (dims: (number | string)[]) => `[${dims.join(', ')}]`;

/**
 * The facts of an opened model for its scaffold.
 * @example factsFromModel(model).facts // [{ field: 'preprocess.size', value: '[224, 224]', from: 'file', why: 'the input data_0 is [1, 3, 224, 224]' }, …]
 */
export function factsFromModel(model: { info: ModelInfo; graphInputs: GraphInput[]; graphOutputs: GraphInput[]; metadata: Record<string, string> }): ModelFacts {
	const facts: ScaffoldFact[] = [];
	const notes: string[] = [];
	const input = model.graphInputs.find((i) => i.dims.length === 4) ?? model.graphInputs[0];
	const producer = model.info.producer;

	const hw = input?.dims.slice(2, 4) ?? [];
	const stated = hw.length === 2 && hw.every((d) => typeof d === 'number' && d > 0);
	const size: [number, number] = stated ? [hw[0] as number, hw[1] as number] : [224, 224];
	const sizeFact: Omit<ScaffoldFact, 'field' | 'value'> = !input
		? { from: 'guess', why: `a ${model.info.format} file records no input` }
		: stated
			? { from: 'file', why: `the input ${input.name} is ${shape(input.dims)}` }
			: { from: 'guess', why: `the input ${input.name} ${shape(input.dims)} leaves height and width open` };
	facts.push({ field: 'preprocess.size', value: shape(size), ...sizeFact });

	const pixelFormat = model.metadata['Image.BitmapPixelFormat'];
	const caffe = /caffe/i.test(producer);
	let colorOrder: 'RGB' | 'BGR' = 'RGB';
	if (pixelFormat && /^(Rgb|Bgr)a?8$/i.test(pixelFormat)) {
		colorOrder = pixelFormat.toUpperCase().startsWith('BGR') ? 'BGR' : 'RGB';
		facts.push({ field: 'preprocess.colorOrder', value: colorOrder, from: 'file', why: `metadata Image.BitmapPixelFormat is ${pixelFormat}` });
	} else if (caffe || /paddle/i.test(producer)) {
		colorOrder = 'BGR';
		facts.push({ field: 'preprocess.colorOrder', value: colorOrder, from: 'guess', why: `written by ${producer}: ${caffe ? 'Caffe' : 'Paddle'} models usually read images as OpenCV loads them, BGR` });
	} else {
		facts.push({ field: 'preprocess.colorOrder', value: colorOrder, from: 'guess', why: 'the file does not say; PyTorch and most exporters use RGB, OpenCV- and Caffe-trained models BGR' });
	}

	const nominal = RANGES[model.metadata['Image.NominalPixelRange'] ?? ''];
	let range = IMAGENET;
	let rangeFact: Omit<ScaffoldFact, 'field' | 'value'>;
	if (nominal) {
		range = nominal;
		rangeFact = { from: 'file', why: `metadata Image.NominalPixelRange is ${model.metadata['Image.NominalPixelRange']}` };
	} else if (input?.dtype === 'uint8') {
		range = RANGES.NominalRange_0_255!;
		rangeFact = { from: 'file', why: `the input ${input.name} is uint8: pixels as they are, 0–255` };
	} else if (caffe) {
		range = CAFFE;
		rangeFact = { from: 'guess', why: `written by ${producer}: Caffe models usually take 0–255 pixels minus the mean BGR pixel` };
	} else {
		rangeFact = { from: 'guess', why: 'the file does not say; this is the ImageNet normalisation of torchvision and timm' };
	}
	facts.push({ field: 'preprocess.scale, mean, std', value: `${Number(range.scale.toPrecision(6))}, ${shape(range.mean)}, ${shape(range.std)}`, ...rangeFact });

	const task = taskFromOutputs(model.graphOutputs, model.info.format);
	facts.push({ field: 'task', value: task.task ?? '(to fill in)', from: task.task ? 'shape' : 'guess', why: task.why });
	if (task.classes === 1000) notes.push('1000 class scores: if they are the ImageNet-1k classes in the usual order, add "labels": "imagenet-1k" to show the top-5 classes on the model\'s page');

	return { task: task.task, preprocess: { size, colorOrder, scale: range.scale, mean: range.mean, std: range.std }, facts, notes };
}

/** What the outputs suggest: boxes mean detection, one score per class classification. */
function taskFromOutputs(outputs: GraphInput[], format: string): { task: string | null; why: string; classes?: number } {
	if (outputs.length === 0) return { task: null, why: `a ${format} file records no outputs` };
	if (outputs.every((o) => o.dims.length === 0)) return { task: null, why: `the output${outputs.length > 1 ? 's declare' : ' declares'} no shape` };
	const listed = outputs.map((o) => `${o.name} ${shape(o.dims)}`).join(', ');
	if (outputs.some((o) => /box|bbox|loc|anchor/i.test(o.name))) return { task: 'object-detection', why: `the outputs ${listed} include boxes` };
	if (outputs.length === 1) {
		const dims = outputs[0]!.dims;
		const wide = dims.slice(1).filter((d) => d !== 1);
		if (wide.length === 1 && typeof wide[0] === 'number') return { task: 'image-classification', why: `the output ${listed} is one score per class`, classes: wide[0] };
		if (dims.length === 4) return { task: null, why: `the output ${listed} is a map, as a detector's or a segmenter's: write e.g. text-detection or image-segmentation` };
	}
	return { task: null, why: `the outputs ${listed} do not say` };
}
