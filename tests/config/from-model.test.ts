/** What `kernel-atlas add` infers from a model file, and what it marks as a guess. */
import { describe, expect, it } from 'vitest';
import { factsFromModel } from '../../src/config/from-model.ts';
import { isPlaceholder, placeholderFields } from '../../src/config/placeholders.ts';
import type { GraphInput, ModelInfo } from '../../src/reader/model.ts';

const info = (producer = 'pytorch', format: ModelInfo['format'] = 'onnx'): ModelInfo => ({ format, file: 'm.onnx', bytes: 1, sha256: '0', producer, producerVersion: '', irVersion: 8, opsets: {} });
const value = (name: string, dims: (number | string)[], dtype = 'float32'): GraphInput => ({ name, dims, dtype });
const image = value('input', [1, 3, 240, 320]);
const from = (facts: ReturnType<typeof factsFromModel>, field: string) => facts.facts.find((f) => f.field === field)!.from;

describe('factsFromModel', () => {
	it('a face detector: size from the input, detection from its box output, the normalisation a guess', () => {
		const facts = factsFromModel({ info: info(), graphInputs: [image], graphOutputs: [value('scores', [1, 4420, 2]), value('boxes', [1, 4420, 4])], metadata: {} });
		expect(facts.task).toBe('object-detection');
		expect(facts.preprocess.size).toEqual([240, 320]);
		expect([from(facts, 'preprocess.size'), from(facts, 'task'), from(facts, 'preprocess.colorOrder'), from(facts, 'preprocess.scale, mean, std')]).toEqual(['file', 'shape', 'guess', 'guess']);
	});

	it('a Caffe classifier: BGR and the mean pixel on 0–255, as guesses from its producer; 1000 classes suggest labels', () => {
		const facts = factsFromModel({ info: info('onnx-caffe2'), graphInputs: [value('data_0', [1, 3, 224, 224], 'float16')], graphOutputs: [value('prob', [1, 1000, 1, 1])], metadata: {} });
		expect(facts.preprocess).toEqual({ size: [224, 224], colorOrder: 'BGR', scale: 1, mean: [104, 117, 123], std: [1, 1, 1] });
		expect(facts.task).toBe('image-classification');
		expect(from(facts, 'preprocess.colorOrder')).toBe('guess');
		expect(facts.notes[0]).toMatch(/"labels": "imagenet-1k"/);
	});

	it.each([
		[{ 'Image.BitmapPixelFormat': 'Bgr8', 'Image.NominalPixelRange': 'Normalized_1_1' }, 'float32', { colorOrder: 'BGR', scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }],
		[{ 'Image.BitmapPixelFormat': 'Rgba8', 'Image.NominalPixelRange': 'NominalRange_0_255' }, 'float32', { colorOrder: 'RGB', scale: 1, mean: [0, 0, 0], std: [1, 1, 1] }],
		[{}, 'uint8', { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] }],
	])('ONNX image metadata %j and a %s input are stated by the file', (metadata, dtype, expected) => {
		const facts = factsFromModel({ info: info(), graphInputs: [value('x', [1, 3, 64, 64], dtype)], graphOutputs: [], metadata });
		expect(facts.preprocess).toMatchObject(expected);
		expect(from(facts, 'preprocess.scale, mean, std')).toBe('file');
	});

	it.each([
		['a map', [value('y', [1, 1, 'h', 'w'])], /is a map/],
		['no shape', [value('y', [])], /declares no shape/],
		['a checkpoint', [], /records no outputs/],
	])('no task from %s, and a symbolic input size is a guess', (_, outputs, why) => {
		const facts = factsFromModel({ info: info(''), graphInputs: [value('x', ['n', 3, 'h', 'w'])], graphOutputs: outputs, metadata: {} });
		expect(facts.task).toBeNull();
		expect(facts.facts.find((f) => f.field === 'task')!.why).toMatch(why);
		expect(facts.preprocess.size).toEqual([224, 224]);
		expect(from(facts, 'preprocess.size')).toBe('guess');
	});
});

describe('placeholders', () => {
	it.each([
		['TODO: the licence', true],
		['UNKNOWN (fill in the licence of the weights)', true],
		['https://example.org/fill-in-the-source', true],
		['https://todo.invalid/x', true],
		['net (write a description)', true],
		['ネット（説明を書いてください）', true],
		['onnx export (fill in the author)', true],
		['Apache-2.0', false],
		['https://example.org/net', false],
		['A TODO list model', false],
	])('%s → %s', (text, expected) => {
		expect(isPlaceholder(text)).toBe(expected);
	});

	it('names every placeholder field by its path', () => {
		expect(placeholderFields({ title: { ja: 'a', en: 'TODO: b' }, license: 'MIT', paper: { url: 'https://todo.invalid/' } })).toEqual(['title.en', 'paper.url']);
	});
});
