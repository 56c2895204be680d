/**
 * Every fact `kernel-atlas add` prints for a local model file, whole: value, provenance and reason, written
 * out by hand from the model's inputs, outputs and metadata (ONNX's MetadataProps.md names the image keys).
 */
import { describe, expect, it } from 'vitest';
import { factsFromModel } from '../../src/config/from-model.ts';
import type { GraphInput, ModelInfo } from '../../src/reader/model.ts';

const info = (producer: string, format: ModelInfo['format'] = 'onnx'): ModelInfo => ({ format, file: 'm', bytes: 1, sha256: '0', producer, producerVersion: '', irVersion: 8, opsets: {} });
const value = (name: string, dims: (number | string)[], dtype = 'float32'): GraphInput => ({ name, dims, dtype });
const GUESS_RGB = 'the file does not say; PyTorch and most exporters use RGB, OpenCV- and Caffe-trained models BGR';
const GUESS_IMAGENET = 'the file does not say; this is the ImageNet normalisation of torchvision and timm';

describe('factsFromModel, every fact in full', () => {
	it('a PyTorch classifier: the size from the 4-D input (not the first one), ImageNet a guess, 1000 classes', () => {
		const facts = factsFromModel({
			info: info('pytorch'),
			graphInputs: [value('scale', [1]), value('image', [1, 3, 288, 256])],
			graphOutputs: [value('logits', [1, 1000])],
			metadata: {},
		});
		expect(facts.facts).toEqual([
			{ field: 'preprocess.size', value: '[288, 256]', from: 'file', why: 'the input image is [1, 3, 288, 256]' },
			{ field: 'preprocess.colorOrder', value: 'RGB', from: 'guess', why: GUESS_RGB },
			{ field: 'preprocess.scale, mean, std', value: '0.00392157, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]', from: 'guess', why: GUESS_IMAGENET },
			{ field: 'task', value: 'image-classification', from: 'shape', why: 'the output logits [1, 1000] is one score per class' },
		]);
		expect(facts.preprocess).toEqual({ size: [288, 256], colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
		expect(facts.notes).toEqual(['1000 class scores: if they are the ImageNet-1k classes in the usual order, add "labels": "imagenet-1k" to show the top-5 classes on the model\'s page']);
	});

	it('no 4-D input: the first input is the one read; a zero side leaves the size open', () => {
		const facts = factsFromModel({ info: info('tf2onnx'), graphInputs: [value('x', [1, 3, 0]), value('y', [2])], graphOutputs: [value('y', [1, 10])], metadata: {} });
		expect(facts.facts[0]).toEqual({ field: 'preprocess.size', value: '[224, 224]', from: 'guess', why: 'the input x [1, 3, 0] leaves height and width open' });
		expect(facts.notes).toEqual([]);
		expect(facts.task).toBe('image-classification');
	});

	it('one symbolic side is not a size either', () => {
		const facts = factsFromModel({ info: info('pytorch'), graphInputs: [value('x', [1, 3, 'h', 64])], graphOutputs: [], metadata: {} });
		expect(facts.facts[0]).toEqual({ field: 'preprocess.size', value: '[224, 224]', from: 'guess', why: 'the input x [1, 3, h, 64] leaves height and width open' });
	});

	it.each([
		['a zero side', [1, 3, 0, 64], '[1, 3, 0, 64]'],
		['negative sides (dynamic in some exporters)', [1, 3, -1, -1], '[1, 3, -1, -1]'],
		['symbolic sides named like numbers', [1, 3, '64', '64'], '[1, 3, 64, 64]'],
	])('a 4-D input with %s states no size', (_, dims, shown) => {
		const facts = factsFromModel({ info: info('pytorch'), graphInputs: [value('x', dims as (number | string)[])], graphOutputs: [], metadata: {} });
		expect(facts.facts[0]).toEqual({ field: 'preprocess.size', value: '[224, 224]', from: 'guess', why: `the input x ${shown} leaves height and width open` });
		expect(facts.preprocess.size).toEqual([224, 224]);
	});

	it('a file without inputs (a checkpoint) states nothing', () => {
		const facts = factsFromModel({ info: info('', 'safetensors'), graphInputs: [], graphOutputs: [], metadata: {} });
		expect(facts.facts).toEqual([
			{ field: 'preprocess.size', value: '[224, 224]', from: 'guess', why: 'a safetensors file records no input' },
			{ field: 'preprocess.colorOrder', value: 'RGB', from: 'guess', why: GUESS_RGB },
			{ field: 'preprocess.scale, mean, std', value: '0.00392157, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]', from: 'guess', why: GUESS_IMAGENET },
			{ field: 'task', value: '(to fill in)', from: 'guess', why: 'a safetensors file records no outputs' },
		]);
	});

	it('ONNX image metadata: channel order and range stated by the file, in its words', () => {
		const facts = factsFromModel({
			info: info('pytorch'),
			graphInputs: [value('x', [1, 3, 32, 32])],
			graphOutputs: [value('heat', [1, 2, 8, 8])],
			metadata: { 'Image.BitmapPixelFormat': 'Bgra8', 'Image.NominalPixelRange': 'Normalized_0_1' },
		});
		expect(facts.facts.slice(1)).toEqual([
			{ field: 'preprocess.colorOrder', value: 'BGR', from: 'file', why: 'metadata Image.BitmapPixelFormat is Bgra8' },
			{ field: 'preprocess.scale, mean, std', value: '0.00392157, [0, 0, 0], [1, 1, 1]', from: 'file', why: 'metadata Image.NominalPixelRange is Normalized_0_1' },
			{ field: 'task', value: '(to fill in)', from: 'guess', why: "the output heat [1, 2, 8, 8] is a map, as a detector's or a segmenter's: write e.g. text-detection or image-segmentation" },
		]);
		expect(facts.preprocess).toMatchObject({ colorOrder: 'BGR', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] });
	});

	it.each(['Gray8', 'xRgb8', 'Rgb8x', 'Rgb16'])('a pixel format that is not 8-bit RGB or BGR (%s) says nothing about the order', (format) => {
		const facts = factsFromModel({ info: info('pytorch'), graphInputs: [value('x', [1, 3, 8, 8])], graphOutputs: [], metadata: { 'Image.BitmapPixelFormat': format } });
		expect(facts.facts[1]).toEqual({ field: 'preprocess.colorOrder', value: 'RGB', from: 'guess', why: GUESS_RGB });
	});

	it('a Paddle export: BGR guessed from the producer, the range still ImageNet (only Caffe implies the mean pixel)', () => {
		const facts = factsFromModel({ info: info('PaddlePaddle'), graphInputs: [value('x', [-1, 3, 48, 192])], graphOutputs: [value('a', [1, 2]), value('b', [1, 2])], metadata: {} });
		expect(facts.facts.slice(1)).toEqual([
			{ field: 'preprocess.colorOrder', value: 'BGR', from: 'guess', why: 'written by PaddlePaddle: Paddle models usually read images as OpenCV loads them, BGR' },
			{ field: 'preprocess.scale, mean, std', value: '0.00392157, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]', from: 'guess', why: GUESS_IMAGENET },
			{ field: 'task', value: '(to fill in)', from: 'guess', why: 'the outputs a [1, 2], b [1, 2] do not say' },
		]);
	});

	it('a Caffe export: BGR and the mean pixel on 0–255, both guesses naming the producer', () => {
		const facts = factsFromModel({ info: info('onnx-caffe2'), graphInputs: [value('data', [1, 3, 227, 227])], graphOutputs: [value('prob', [1, 1000, 1, 1])], metadata: {} });
		expect(facts.facts.slice(1, 3)).toEqual([
			{ field: 'preprocess.colorOrder', value: 'BGR', from: 'guess', why: 'written by onnx-caffe2: Caffe models usually read images as OpenCV loads them, BGR' },
			{ field: 'preprocess.scale, mean, std', value: '1, [104, 117, 123], [1, 1, 1]', from: 'guess', why: 'written by onnx-caffe2: Caffe models usually take 0–255 pixels minus the mean BGR pixel' },
		]);
	});

	it('a uint8 input takes pixels as they are', () => {
		const facts = factsFromModel({ info: info('pytorch'), graphInputs: [value('pixels', [1, 3, 16, 16], 'uint8')], graphOutputs: [value('out', [])], metadata: {} });
		expect(facts.facts.slice(2)).toEqual([
			{ field: 'preprocess.scale, mean, std', value: '1, [0, 0, 0], [1, 1, 1]', from: 'file', why: 'the input pixels is uint8: pixels as they are, 0–255' },
			{ field: 'task', value: '(to fill in)', from: 'guess', why: 'the output declares no shape' },
		]);
	});

	it('outputs: shapeless plural, boxes, a class count that is symbolic or not alone', () => {
		const task = (outputs: GraphInput[]) => factsFromModel({ info: info('pytorch'), graphInputs: [], graphOutputs: outputs, metadata: {} }).facts[3];
		expect(task([value('a', []), value('b', [])])).toMatchObject({ value: '(to fill in)', why: 'the outputs declare no shape' });
		// One output without a shape and one with one: not "no shape".
		expect(task([value('a', []), value('b', [1, 5])])).toMatchObject({ value: '(to fill in)', why: 'the outputs a [], b [1, 5] do not say' });
		expect(task([value('scores', [1, 100]), value('bbox', [1, 100, 4])])).toEqual({ field: 'task', value: 'object-detection', from: 'shape', why: 'the outputs scores [1, 100], bbox [1, 100, 4] include boxes' });
		expect(task([value('logits', [1, 'classes'])])).toMatchObject({ value: '(to fill in)', why: 'the outputs logits [1, classes] do not say' });
		expect(task([value('y', [1, 10, 20])])).toMatchObject({ value: '(to fill in)', why: 'the outputs y [1, 10, 20] do not say' });
		// The batch axis is not a class axis: [10, 1] is one score, not ten.
		expect(task([value('y', [10, 1])])).toMatchObject({ value: '(to fill in)' });
	});
});
