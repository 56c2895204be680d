/** Damaged checkpoints: whatever the damage, the readers fail only with ModelError, and fast. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/reader/errors.ts';
import type { ModelFormatReader } from '../../../src/reader/model.ts';
import { pytorchReader } from '../../../src/reader/pytorch/index.ts';
import { safetensorsReader } from '../../../src/reader/safetensors/index.ts';
import { seeded } from '../../fixtures/catalog.ts';
import { safetensorsBytes, tensorPy, torchSaveBytes, type TensorSpec } from '../../fixtures/checkpoint-writer.ts';
import { pickleProtocol2 } from '../../fixtures/pickle-writer.ts';
import { zipBytes } from '../../fixtures/zip-writer.ts';
import { openError, tempFolder } from './support.ts';

const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 150);
const folder = tempFolder('checkpoint-fuzz');
afterAll(() => folder.remove());

const next = seeded(404);
const tensor = (name: string, shape: number[], dtype: TensorSpec['dtype'] = 'float32'): TensorSpec => {
	const data = new Uint8Array(shape.reduce((a, b) => a * b, 1) * (dtype === 'float16' ? 2 : 4)).map(() => Math.floor(next() * 256));
	return { name, dtype, shape, data };
};
const small = [tensor('conv1.weight', [4, 3, 3, 3]), tensor('bn1.running_var', [4]), tensor('layer.0.weight', [2, 4, 1, 1], 'float16'), tensor('layer.0.bias', [2])];
const reference = fileURLToPath(new URL('../../fixtures/checkpoints/tiny-cnn.pt', import.meta.url));

const FILES: [string, ModelFormatReader, Uint8Array][] = [
	['small.safetensors', safetensorsReader, safetensorsBytes(small, { format: 'pt' })],
	['small.pt', pytorchReader, torchSaveBytes(small, { byteorder: 'little' })],
	['tiny-cnn.pt', pytorchReader, readFileSync(reference)],
];

describe.each(FILES)('damaged %s', (name, reader, original) => {
	it(`${MUTATIONS} random byte changes and truncations never escape as anything but ModelError`, async () => {
		const random = seeded(name.length * 7919);
		const path = folder.dir + '/' + name;
		const started = performance.now();
		let refused = 0;
		for (let i = 0; i < MUTATIONS; i++) {
			const bytes = Buffer.from(original);
			const at = Math.floor(random() * bytes.length);
			const end = Math.min(bytes.length, at + 1 + Math.floor(random() * 3));
			const damaged = i % 4 === 3 ? bytes.subarray(0, at) : bytes.fill(Math.floor(random() * 256), at, end);
			folder.write(name, damaged);
			const error = await openError(reader, path);
			if (error !== null && !(error instanceof ModelError)) throw new Error(`mutation ${i} at byte ${at}: ${String((error as Error).stack)}`);
			if (error !== null) refused++;
		}
		// Most damage must be noticed (checksums, sizes, offsets); changes inside safetensors weights cannot be.
		expect(refused).toBeGreaterThan(MUTATIONS / 4);
		expect(performance.now() - started).toBeLessThan(20_000);
	});
});

it(`${MUTATIONS * 4} damaged pickles behind a valid checksum never escape as anything but ModelError`, async () => {
	// The zip's CRC catches damage to data.pkl at once; re-zipping the damaged pickle reaches the interpreter.
	const nested = { dict: [['state_dict', { ordered: small.map((t, i) => [t.name, tensorPy(t, String(i))] as [string, ReturnType<typeof tensorPy>]) }], ['epoch', 3], ['lr', 0.25]] };
	const pickle = pickleProtocol2(nested as Parameters<typeof pickleProtocol2>[0]);
	const storages = small.map((t, i) => ({ name: `archive/data/${i}`, data: t.data }));
	const random = seeded(99);
	const path = folder.dir + '/pickle.pt';
	for (let i = 0; i < MUTATIONS * 4; i++) {
		const bytes = Buffer.from(pickle);
		const at = Math.floor(random() * bytes.length);
		const damaged = i % 5 === 4 ? bytes.subarray(0, at) : bytes.fill(Math.floor(random() * 256), at, Math.min(bytes.length, at + 1 + Math.floor(random() * 2)));
		folder.write('pickle.pt', zipBytes([{ name: 'archive/data.pkl', data: damaged }, ...storages]));
		const error = await openError(pytorchReader, path);
		if (error !== null && !(error instanceof ModelError)) throw new Error(`pickle mutation ${i} at byte ${at}: ${String((error as Error).stack)}`);
	}
});
