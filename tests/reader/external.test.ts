/**
 * ExternalFiles in this process: which external-data locations it refuses (NUL byte, absolute paths,
 * drive letters, "..", a symbolic link out of the folder, a pipe, a hard link), its one-line messages,
 * a missing file, and that each file is opened once and closed with the model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalFiles } from '../../src/reader/external.ts';
import { OnnxError } from '../../src/reader/errors.ts';
import { openDescriptors } from '../fixtures/open-files.ts';

const KEEP = 'Keep external-data files as plain files next to the model (same folder or below) and reference them by relative path';

let root: string;
let modelDir: string;
beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'ka-external-'));
	modelDir = join(root, 'model');
	mkdirSync(join(modelDir, 'sub'), { recursive: true });
	writeFileSync(join(modelDir, 'weights.bin'), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
	writeFileSync(join(modelDir, 'sub', 'more.bin'), Uint8Array.of(9, 9));
	writeFileSync(join(modelDir, 'data:1.bin'), Uint8Array.of(7));
	writeFileSync(join(root, 'outside.bin'), Uint8Array.of(0));
	symlinkSync(join(root, 'outside.bin'), join(modelDir, 'escape.bin'));
	writeFileSync(join(modelDir, 'linked.bin'), Uint8Array.of(5));
	linkSync(join(modelDir, 'linked.bin'), join(root, 'second-name.bin'));
	execFileSync('mkfifo', [join(modelDir, 'pipe.bin')]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The error `get(location)` throws, or null. */
function errorOf(location: string): OnnxError | null {
	const files = new ExternalFiles('net.onnx', modelDir);
	try {
		files.get(location, 'w');
		return null;
	} catch (error) {
		return error as OnnxError;
	} finally {
		files.close();
	}
}

const refusal = (location: string, why: string) => `net.onnx: refused external data "${location}" of tensor "w": ${why}. ${KEEP}`;

describe('ExternalFiles refuses', () => {
	it('a location with a NUL byte', () => {
		const error = errorOf('weights.bin\0.txt');
		expect(error).toBeInstanceOf(OnnxError);
		expect(error!.message).toBe(refusal('weights.bin\0.txt', 'the path contains a NUL byte'));
		expect(error!.subject).toBe('w');
	});

	it.each(['/etc/passwd', '/tmp/weights.bin', 'C:secret.bin', 'c:\\secret.bin', 'Z:/x.bin', '\\\\server\\share\\x.bin', '\\x.bin'])(
		'the absolute path or drive-letter path %j',
		(location) => {
			expect(errorOf(location)?.message).toBe(refusal(location, 'absolute paths are not allowed'));
		},
	);

	it.each(['../outside.bin', 'sub/../../outside.bin', 'sub\\..\\weights.bin'])('the location %j, which climbs with ".."', (location) => {
		expect(errorOf(location)?.message).toBe(refusal(location, '".." would leave the model\'s folder'));
	});

	it('a symbolic link to a file outside the model folder', () => {
		expect(errorOf('escape.bin')?.message).toBe(refusal('escape.bin', 'it resolves (through a symbolic link) to a file outside the model\'s folder'));
	});

	it('a named pipe, before opening it, and a folder', () => {
		expect(errorOf('pipe.bin')?.message).toBe(refusal('pipe.bin', 'it is not a regular file'));
		expect(errorOf('sub')?.message).toBe(refusal('sub', 'it is not a regular file'));
	});

	it('a file with a second hard link, and leaves it closed', () => {
		expect(errorOf('linked.bin')?.message).toBe(refusal('linked.bin', 'the file has 2 hard links, so it may be a link to a file elsewhere'));
		expect(openDescriptors(join(modelDir, 'linked.bin'))).toBe(0);
	});

	it('a missing file, naming the system error', () => {
		const error = errorOf('missing.bin');
		expect(error).toBeInstanceOf(OnnxError);
		expect(error!.message).toBe(
			'net.onnx: external data "missing.bin" of tensor "w" cannot be opened (ENOENT). Put the external-data file next to the model, where the model says it is',
		);
		expect(error!.subject).toBe('w');
		expect((error!.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
	});
});

describe('ExternalFiles accepts', () => {
	it('relative paths in the folder and below it, including a colon that is not a drive letter', () => {
		for (const [location, size] of [['weights.bin', 8], ['sub/more.bin', 2], ['./weights.bin', 8], ['data:1.bin', 1]] as const) {
			const files = new ExternalFiles('net.onnx', modelDir);
			try {
				expect(files.get(location, 'w').size).toBe(size);
			} finally {
				files.close();
			}
		}
	});

	it('opens each location once, names it in the messages of its reads, and closes it with the model', () => {
		const path = join(modelDir, 'weights.bin');
		const files = new ExternalFiles('net.onnx', modelDir);
		const source = files.get('weights.bin', 'w');
		expect(files.get('weights.bin', 'w2')).toBe(source);
		expect(openDescriptors(path)).toBe(1);
		expect(source.file).toBe('net.onnx (external data weights.bin)');
		expect(() => source.ensure(6, 4)).toThrow(/^net\.onnx \(external data weights\.bin\): unexpected end of file: needed bytes 6\.\.10 of a 8-byte file\./);
		files.close();
		expect(openDescriptors(path)).toBe(0);
		// After close the files are opened afresh when asked for again.
		const again = files.get('weights.bin', 'w');
		expect(again).not.toBe(source);
		const target = new Uint8Array(2);
		again.copyInto(6, target);
		expect(Array.from(target)).toEqual([7, 8]);
		files.close();
		expect(openDescriptors(path)).toBe(0);
	});
});
