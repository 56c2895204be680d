/** The cheap probes: each reader claims its own files by their first bytes and name, and no others. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBE_BYTES } from '../../../src/reader/model.ts';
import { pytorchReader } from '../../../src/reader/pytorch/index.ts';
import { safetensorsReader } from '../../../src/reader/safetensors/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/checkpoints/', import.meta.url));
const head = (file: string) => readFileSync(dir + file).subarray(0, PROBE_BYTES);
const onnxStart = new Uint8Array([0x08, 0x08, 0x12, 0x07, 0x70, 0x79, 0x74, 0x6f, 0x72, 0x63, 0x68]); // ir_version 8, producer "pytorch"

const CASES: [string, Uint8Array, string, { safetensors: boolean; pytorch: boolean }][] = [
	['a safetensors file', head('tiny-cnn.safetensors'), 'model.safetensors', { safetensors: true, pytorch: false }],
	['a safetensors file under another name', head('tiny-cnn.safetensors'), 'weights.bin', { safetensors: true, pytorch: false }],
	['a shard index', Buffer.from('{\n  "metadata": {"total_size": 1},\n  "weight_map": {}}'), 'model.safetensors.index.json', { safetensors: true, pytorch: false }],
	['other JSON', Buffer.from('{"weight_map": {}}'), 'config.json', { safetensors: false, pytorch: false }],
	['a torch.save zip (.pt)', head('tiny-cnn.pt'), 'tiny-cnn.pt', { safetensors: false, pytorch: true }],
	['a torch.save zip (pytorch_model.bin)', head('tiny-cnn.pt'), 'pytorch_model.bin', { safetensors: false, pytorch: true }],
	['a torch.save zip under another name (its errors then say what is wrong)', head('tiny-cnn.pt'), 'weights.zip', { safetensors: false, pytorch: true }],
	['the legacy torch format', head('tiny-cnn-legacy.pt'), 'old.pth', { safetensors: false, pytorch: true }],
	['an ONNX model', onnxStart, 'model.onnx', { safetensors: false, pytorch: false }],
	['an empty file', new Uint8Array(0), 'empty.safetensors', { safetensors: false, pytorch: false }],
];

describe.each(CASES)('%s', (_, bytes, path, expected) => {
	it('is claimed only by its reader', () => {
		expect({ safetensors: safetensorsReader.match(bytes, path), pytorch: pytorchReader.match(bytes, path) }).toEqual(expected);
	});
});
