/** Helpers of the checkpoint reader tests: a temporary folder, exact float comparison, error capture. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ModelError } from '../../../src/reader/errors.ts';
import type { ModelFormatReader, OpenedModel } from '../../../src/reader/model.ts';

/** A fresh temporary folder; `write` puts a file in it and returns its path. */
export function tempFolder(prefix: string) {
	const dir = mkdtempSync(join(tmpdir(), `kernel-atlas-${prefix}-`));
	return {
		dir,
		write(name: string, bytes: Uint8Array | string): string {
			const path = join(dir, name);
			writeFileSync(path, bytes);
			return path;
		},
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}

/** Asserts bit-for-bit equality of two float32 arrays, naming the first element that differs. */
export function expectSameFloats(actual: Float32Array | null, expected: ArrayLike<number>, what: string): void {
	expect(actual, what).not.toBeNull();
	const want = Float32Array.from(expected);
	expect(actual!.length, `${what}: length`).toBe(want.length);
	const a = new Uint32Array(actual!.buffer, actual!.byteOffset, actual!.length);
	const b = new Uint32Array(want.buffer);
	const first = a.findIndex((bits, i) => bits !== b[i]);
	expect(first === -1 ? null : `${what}[${first}]: got ${actual![first]} expected ${want[first]}`).toBeNull();
}

/** The error `open` (and reading every kernel) throws, or null. */
export async function openError(reader: ModelFormatReader, path: string): Promise<unknown> {
	let model: OpenedModel | null = null;
	try {
		model = await reader.open(path);
		for (const layer of model.layers) if (layer.storage !== 'dynamic') await model.readKernel(layer);
		return null;
	} catch (error) {
		return error;
	} finally {
		model?.close();
	}
}

/** Asserts that opening `path` fails with a one-line ModelError naming the file and matching `message`. */
export async function expectModelError(reader: ModelFormatReader, path: string, message: RegExp): Promise<ModelError> {
	const error = await openError(reader, path);
	expect(error).toBeInstanceOf(ModelError);
	const e = error as ModelError;
	expect(e.message).toMatch(message);
	expect(e.message.startsWith(`${path}`)).toBe(true);
	expect(e.message).not.toContain('\n');
	return e;
}
