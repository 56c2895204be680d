/** Hostile torch.save files: pickles that would run code, and zips built to escape, overlap or lie about sizes. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/reader/errors.ts';
import { pytorchReader } from '../../../src/reader/pytorch/index.ts';
import { tensorPy, torchSaveBytes, torchZipOf, type TensorSpec } from '../../fixtures/checkpoint-writer.ts';
import type { Py } from '../../fixtures/pickle-writer.ts';
import { zipBytes } from '../../fixtures/zip-writer.ts';
import { expectModelError, tempFolder } from './support.ts';

const folder = tempFolder('pytorch-hostile');
afterAll(() => folder.remove());

const weight: TensorSpec = { name: 'c.weight', dtype: 'float32', shape: [1, 1, 2], data: new Uint8Array(8) };
const stateDict = (extra: [Py, Py][] = []): Py => ({ ordered: [['c.weight', tensorPy(weight, '0')], ...extra] });
const shortString = (s: string) => [0x8c, s.length, ...Buffer.from(s)];

describe('pickles that would run code', () => {
	const marker = join(folder.dir, 'MARKER');
	const calls: [string, Py, string][] = [
		['os.system through posix.system', stateDict([['evil', { call: ['posix', 'system'], args: [`touch ${marker}`] }]]), 'posix.system'],
		['builtins.eval', { call: ['builtins', 'eval'], args: [`__import__('os').system('touch ${marker}')`] }, 'builtins.eval'],
		['builtins.exec inside a nested dict', { dict: [['model', stateDict()], ['hook', { call: ['builtins', 'exec'], args: ['1'] }]] }, 'builtins.exec'],
		['subprocess.Popen', { call: ['subprocess', 'Popen'], args: [{ list: ['touch', marker] }] }, 'subprocess.Popen'],
		['a whole pickled model (torch.save(model))', { call: ['torch.nn.modules.conv', 'Conv2d'], args: [] }, 'torch.nn.modules.conv.Conv2d'],
		['a global by STACK_GLOBAL (protocol 4)', { raw: [...shortString('posix'), ...shortString('system'), 0x93, ...shortString(`touch ${marker}`), 0x85, 0x52] }, 'posix.system'],
		['getattr of a storage class', { call: ['builtins', 'getattr'], args: [{ global: ['torch', 'FloatStorage'] }, 'from_file'] }, 'builtins.getattr'],
	];
	it.each(calls)('refuses %s without running it, naming the global', async (_, root, global) => {
		const path = folder.write('evil.pt', torchZipOf(root, { '0': weight.data }));
		const error = await expectModelError(pytorchReader, path, new RegExp(`refused data.pkl: it asks for the global "${global.replace(/\./g, '\\.')}"`));
		expect(error.subject).toBe(global);
		expect(error.message).toMatch(/torch.save\(model.state_dict\(\), path\)/);
		expect(existsSync(marker)).toBe(false);
	});

	it('names a storage type it does not know', async () => {
		const root: Py = { ordered: [['c.weight', { persistent: { tuple: ['storage', { global: ['torch', 'UInt16Storage'] }, '0', 'cpu', 2] } }]] };
		const error = await expectModelError(pytorchReader, folder.write('uint16.pt', torchZipOf(root, { '0': new Uint8Array(4) })), /holds a storage of type "torch.UInt16Storage", which the reader does not know/);
		expect(error.subject).toBe('torch.UInt16Storage');
	});

	it('refuses a global before looking at any tensor data (the storage here is missing and the wrong size)', async () => {
		const root: Py = { ordered: [['c.weight', tensorPy(weight, '0')], ['x', { global: ['posix', 'system'] }]] };
		await expectModelError(pytorchReader, folder.write('evil-first.pt', torchZipOf(root, { '0': new Uint8Array(1) })), /global "posix.system"/);
	});

	const opcodes: [string, number[], RegExp][] = [
		['NEWOBJ', [0x4e, 0x29, 0x81], /opcode 0x81/],
		['INST', [0x69, ...Buffer.from('os\nsystem\n')], /opcode 0x69 \("i"\)/],
		['EXT1 (the extension registry)', [0x82, 1], /opcode 0x82/],
		['text PERSID', [0x50, ...Buffer.from('x\n')], /opcode 0x50/],
		['a truncated BINUNICODE', [0x58, 0xff, 0xff, 0, 0, 0x41], /ends in the middle of an opcode/],
		['a BINGET of nothing', [0x68, 9], /refers to memo 9, which it never stored/],
		['a REDUCE of OrderedDict with arguments', [], /calls collections.OrderedDict with arguments/],
		['a persistent id that is not a storage', [0x4b, 1, 0x51], /names a persistent object that is not a storage/],
		['a SETITEMS on a list', [0x5d, 0x28, 0x4b, 1, 0x4b, 2, 0x75], /sets an item on something that is not a dict/],
		['a POP of an empty stack', [0x30], /pops an empty stack/],
	];
	it.each(opcodes)('refuses %s', async (name, raw, message) => {
		const root: Py = name.startsWith('a REDUCE') ? { call: ['collections', 'OrderedDict'], args: [{ list: [] }] } : { raw };
		await expectModelError(pytorchReader, folder.write('opcode.pt', torchZipOf(root)), message);
	});
});

/** Offset of the central-directory record of entry `name`. */
function centralRecord(bytes: Buffer, name: string): number {
	for (let at = bytes.length - 22; at >= 0; at--) {
		if (bytes.readUInt32LE(at) === 0x02014b50 && bytes.toString('latin1', at + 46, at + 46 + bytes.readUInt16LE(at + 28)) === name) return at;
	}
	throw new Error(`no central record for ${name}`);
}

/** A good torch.save file (archive `a`) changed by `edit`. */
function edited(edit: (bytes: Buffer) => void): Buffer {
	const bytes = Buffer.from(torchSaveBytes([weight, { ...weight, name: 'd.weight' }], { archive: 'a' }));
	edit(bytes);
	return bytes;
}

describe('hostile zips', () => {
	const good = Buffer.from(torchSaveBytes([weight], { archive: 'a' }));
	const cases: [string, Uint8Array, RegExp][] = [
		['a name with ".."', zipBytes([{ name: 'a/data.pkl', data: new Uint8Array([0x4e, 0x2e]) }, { name: 'a/../../etc/passwd', data: new Uint8Array(1) }]), /entry name "a\/..\/..\/etc\/passwd" would leave the archive/],
		['an absolute name', zipBytes([{ name: '/etc/passwd', data: new Uint8Array(1) }]), /entry name "\/etc\/passwd" would leave the archive/],
		['a Windows drive name', zipBytes([{ name: 'C:/x', data: new Uint8Array(1) }]), /would leave the archive/],
		['a name with a backslash', zipBytes([{ name: 'a\\..\\x', data: new Uint8Array(1) }]), /would leave the archive/],
		['the same name twice', zipBytes([{ name: 'a/data.pkl', data: new Uint8Array(1) }, { name: 'a/data.pkl', data: new Uint8Array(1) }]), /holds "a\/data.pkl" twice/],
		['a compressed storage', zipBytes([{ name: 'a/data.pkl', data: new Uint8Array(1) }, { name: 'a/data/0', data: new Uint8Array(8), method: 8 }]), /entry "a\/data\/0" is compressed \(method 8\)/],
		['overlapping entries', edited((b) => {
			const at = centralRecord(b, 'a/data/0');
			b.writeUInt32LE(200, at + 20); // the storage's size now runs over the next entry's local header
			b.writeUInt32LE(200, at + 24);
		}), /entries "a\/data\/0" and "a\/data\/1" overlap/],
		['a size larger than the file', edited((b) => {
			const at = centralRecord(b, 'a/data/1');
			b.writeUInt32LE(0x7fffffff, at + 20);
			b.writeUInt32LE(0x7fffffff, at + 24);
		}), /entry "a\/data\/1" claims 2147483647 bytes, more than the file holds/],
		['an encrypted entry', edited((b) => b.writeUInt16LE(0x0809, centralRecord(b, 'a/data/0') + 8)), /entry "a\/data\/0" is encrypted/],
		['a local header with another name', edited((b) => {
			const at = centralRecord(b, 'a/data/1');
			b.writeUInt32LE(b.readUInt32LE(centralRecord(b, 'a/data/0') + 42), at + 42); // points at data/0's header
		}), /entry "a\/data\/1" has a different name in its local header/],
		['a local header outside the file', edited((b) => b.writeUInt32LE(0x7ffffff0, centralRecord(b, 'a/data/1') + 42)), /has its local header outside the file/],
		['a directory claiming more entries than it can hold', edited((b) => b.writeBigUInt64LE(100000n, b.length - 22 - 20 - 56 + 32)), /claims 100000 entries/],
		['a damaged pickle (checksum)', edited((b) => {
			const pickleAt = b.indexOf('collections');
			b[pickleAt] = 0x43;
		}), /data.pkl does not match its checksum/],
		['a damaged storage (checksum)', edited((b) => {
			const at = centralRecord(b, 'a/data/0');
			const local = b.readUInt32LE(at + 42);
			b[local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28)]! ^= 0xff; // the first data byte
		}), /the bytes of tensor "c.weight" do not match their checksum/],
	];
	it.each(cases)('refuses %s', async (_, bytes, message) => {
		await expectModelError(pytorchReader, folder.write('hostile.pt', bytes), message);
	});

	it.each([0, 4, 30, 100, good.length / 2, good.length - 100, good.length - 22, good.length - 1].map(Math.floor))('refuses the file truncated to %i bytes', async (length) => {
		const error = await pytorchReader.open(folder.write('truncated.pt', good.subarray(0, length))).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ModelError);
		expect((error as Error).message).toMatch(/truncated\.pt: /);
	});
});
