/**
 * The one-line messages of openModel for a file it cannot read (missing, not a file, under a file, of no
 * known format), and of the ModelError type every reader throws: name, file, subject, hint, cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError, OnnxError, openModel } from '../../src/reader/index.ts';
import { openDescriptors } from '../fixtures/open-files.ts';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'ka-open-messages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (path: string) => openModel(path).then(() => null, (e: unknown) => e as ModelError);

describe('openModel refuses', () => {
	it('a missing file', async () => {
		const path = join(dir, 'nope.onnx');
		const error = await failure(path);
		expect(error).toBeInstanceOf(ModelError);
		expect(error!.message).toBe(`${path}: no such file. Check the path to the model file`);
		expect((error!.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
	});

	it('a path through a file, naming the system error', async () => {
		const file = join(dir, 'plain.txt');
		writeFileSync(file, 'x');
		const path = join(file, 'model.onnx');
		const error = await failure(path);
		expect(error!.message).toBe(`${path}: cannot open the file (ENOTDIR). Check the path to the model file`);
		expect((error!.cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');
	});

	it('a folder, and lets go of it', async () => {
		const error = await failure(dir);
		expect(error!.message).toBe(`${dir}: not a regular file. Pass the path of a model file, not a folder, pipe or device`);
		expect(openDescriptors(dir)).toBe(0);
	});

	it('a file no reader recognises, saying which formats it reads, and lets go of it', async () => {
		const path = join(dir, 'notes.txt');
		writeFileSync(path, 'hello, these are notes\n');
		const error = await failure(path);
		expect(error).toBeInstanceOf(ModelError);
		expect(error!.message).toBe(
			`${path}: is not a model file Kernel Atlas can read (its first bytes match neither ONNX, safetensors nor a PyTorch zip). ` +
				'Pass a .onnx, .safetensors, model.safetensors.index.json, or .pth/.pt/.bin file saved by torch.save',
		);
		expect(openDescriptors(path)).toBe(0);
	});
});

describe('ModelError', () => {
	it('puts file, message and hint on one line and keeps each part', () => {
		const error = new ModelError('net.pth', 'tensor "w" is cut short', 'Re-save the checkpoint', { subject: 'w' });
		expect(error.message).toBe('net.pth: tensor "w" is cut short. Re-save the checkpoint');
		expect(error.name).toBe('ModelError');
		expect([error.file, error.subject, error.hint, error.userFacing]).toEqual(['net.pth', 'w', 'Re-save the checkpoint', true]);
		expect('cause' in error).toBe(false);
	});

	it('keeps the cause it is given, and the ONNX reader\'s error is named as such', () => {
		const cause = new Error('EIO');
		const error = new OnnxError('net.onnx', 'cannot read', 'Try again', { cause });
		expect(error.cause).toBe(cause);
		expect(error.name).toBe('OnnxError');
		expect(error.subject).toBeNull();
		expect(error).toBeInstanceOf(ModelError);
		expect(String(error)).toBe('OnnxError: net.onnx: cannot read. Try again');
	});
});
