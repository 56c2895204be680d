/**
 * A pickle reader that never executes anything: it interprets the opcodes of a state dict's pickle into
 * plain data, and a global is accepted only when `policy` allows it (torch.load(weights_only=True)
 * works the same way). Unknown opcodes and every opcode that would build an arbitrary object (NEWOBJ,
 * INST, OBJ, EXT*) are refused. Values are shared, never copied, so memory stays proportional to the
 * pickle's length.
 */
import { isKind, type PickleValue, type PicklePolicy } from './values.ts';

/** Why a pickle was refused; the caller turns it into a ModelError naming the file. */
export class PickleRefusal extends Error {
	override name = 'PickleRefusal';
	/** The refused global (`posix.system`), when a global was the reason. */
	readonly global: string | null;
	constructor(message: string, global: string | null = null) {
		super(message);
		this.global = global;
	}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Values (and marks) a pickle may push or memoise, a dict counting as four. A state dict needs about 40
 * per tensor (a real torch 1.13 file: 823 for 20 tensors; the resnet50 written by tests/fixtures: 11,426
 * for 320), so this allows some 12,000 tensors, while a hostile pickle of one-byte opcodes that each
 * make a new dict or list stays under 100 MB.
 */
export const MAX_PICKLE_VALUES = 1 << 19;

/**
 * Interprets `bytes` (pickle protocols 2 to 5) and returns the value STOP leaves on the stack.
 * @example
 * const root = unpickle(pickleBytes, torchStateDictPolicy(file));
 */
export function unpickle(bytes: Uint8Array, policy: PicklePolicy): PickleValue {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const stack: PickleValue[] = [];
	const marks: number[] = [];
	const memo = new Map<number, PickleValue>();
	let at = 0;
	let made = 0;
	const count = (cost = 1) => {
		made += cost;
		if (made > MAX_PICKLE_VALUES) throw new PickleRefusal(`the pickle builds more than ${MAX_PICKLE_VALUES} values, far more than a state dict needs (byte ${at})`);
	};
	// A dict holds a Map of a few hundred bytes: it counts as four values.
	const push = (value: PickleValue) => {
		count(isKind(value, 'dict') ? 4 : 1);
		stack.push(value);
	};
	const remember = (key: number, value: PickleValue) => {
		count();
		memo.set(key, value);
	};
	const need = (n: number): number => {
		if (n < 0 || at + n > bytes.length) throw new PickleRefusal(`the pickle ends in the middle of an opcode (byte ${at})`);
		const start = at;
		at += n;
		return start;
	};
	const u8 = () => bytes[need(1)]!;
	const u16 = () => view.getUint16(need(2), true);
	const u32 = () => view.getUint32(need(4), true);
	const u64 = () => {
		const low = u32();
		return low + u32() * 2 ** 32;
	};
	const take = (n: number) => bytes.subarray(need(n), at);
	const line = () => {
		const end = bytes.indexOf(0x0a, at);
		if (end < 0) throw new PickleRefusal('the pickle ends in the middle of a GLOBAL opcode');
		return latin1.decode(take(end - at + 1)).slice(0, -1);
	};
	const text = (n: number) => {
		const raw = take(n);
		try {
			return utf8.decode(raw);
		} catch {
			throw new PickleRefusal(`a string at byte ${at - n} is not valid UTF-8`);
		}
	};
	// Like Python's metastack: after a MARK, only what was pushed since is on the stack.
	const empty = () => stack.length === 0 || (marks.length > 0 && marks[marks.length - 1]! >= stack.length);
	const pop = (): PickleValue => {
		if (empty()) throw new PickleRefusal(`the pickle pops an empty stack (byte ${at - 1})`);
		return stack.pop()!;
	};
	const top = (): PickleValue => {
		if (empty()) throw new PickleRefusal(`the pickle reads an empty stack (byte ${at - 1})`);
		return stack[stack.length - 1]!;
	};
	const popMark = (): PickleValue[] => {
		const mark = marks.pop();
		if (mark === undefined) throw new PickleRefusal(`the pickle closes a MARK it never opened (byte ${at - 1})`);
		return stack.splice(mark);
	};
	const pushMark = () => {
		count();
		marks.push(stack.length);
	};
	const memoGet = (key: number) => {
		const value = memo.get(key);
		if (value === undefined) throw new PickleRefusal(`the pickle refers to memo ${key}, which it never stored`);
		push(value);
	};
	const setItems = (dict: PickleValue, items: PickleValue[]) => {
		if (!isKind(dict, 'dict')) throw new PickleRefusal('the pickle sets an item on something that is not a dict');
		if (items.length % 2) throw new PickleRefusal('the pickle sets a key without a value');
		for (let i = 0; i < items.length; i += 2) dict.entries.set(items[i]!, items[i + 1]!);
	};
	const append = (list: PickleValue, items: PickleValue[]) => {
		if (!isKind(list, 'list')) throw new PickleRefusal('the pickle appends to something that is not a list');
		list.items.push(...items);
	};
	const int = (value: bigint): number | bigint => (value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : value);
	const long = (n: number) => {
		if (n > 64) throw new PickleRefusal(`the pickle holds a ${n}-byte integer, larger than any a state dict needs`);
		const digits = take(n);
		let value = 0n;
		for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(digits[i]!);
		if (n > 0 && digits[n - 1]! & 0x80) value -= 1n << BigInt(8 * n);
		return int(value);
	};
	const global = (module: string, name: string) => {
		push(policy.global(module, name));
	};

	for (;;) {
		const offset = at;
		const op = u8();
		switch (op) {
			case 0x80: u8(); break; // PROTO
			case 0x95: u64(); break; // FRAME: a length hint only
			case 0x2e: return pop(); // STOP
			case 0x28: pushMark(); break; // MARK
			case 0x30: pop(); break; // POP
			case 0x31: popMark(); break; // POP_MARK
			case 0x32: push(top()); break; // DUP
			case 0x4e: push(null); break; // NONE
			case 0x88: push(true); break; // NEWTRUE
			case 0x89: push(false); break; // NEWFALSE
			case 0x4a: push(view.getInt32(need(4), true)); break; // BININT
			case 0x4b: push(u8()); break; // BININT1
			case 0x4d: push(u16()); break; // BININT2
			case 0x8a: push(long(u8())); break; // LONG1
			case 0x8b: push(long(u32())); break; // LONG4
			case 0x47: push(view.getFloat64(need(8), false)); break; // BINFLOAT (big-endian)
			case 0x58: push(text(u32())); break; // BINUNICODE
			case 0x8c: push(text(u8())); break; // SHORT_BINUNICODE
			case 0x8d: push(text(u64())); break; // BINUNICODE8
			case 0x54: push(latin1.decode(take(u32()))); break; // BINSTRING
			case 0x55: push(latin1.decode(take(u8()))); break; // SHORT_BINSTRING
			case 0x42: push(take(u32()).slice()); break; // BINBYTES
			case 0x43: push(take(u8()).slice()); break; // SHORT_BINBYTES
			case 0x8e: push(take(u64()).slice()); break; // BINBYTES8
			case 0x29: push({ kind: 'tuple', items: [] }); break; // EMPTY_TUPLE
			case 0x74: push({ kind: 'tuple', items: popMark() }); break; // TUPLE
			case 0x85: case 0x86: case 0x87: { // TUPLE1..3
				const items = Array.from({ length: op - 0x84 }, pop).reverse();
				push({ kind: 'tuple', items });
				break;
			}
			case 0x5d: push({ kind: 'list', items: [] }); break; // EMPTY_LIST
			case 0x6c: push({ kind: 'list', items: popMark() }); break; // LIST
			case 0x61: { const item = pop(); append(top(), [item]); break; } // APPEND
			case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
			case 0x7d: push({ kind: 'dict', entries: new Map() }); break; // EMPTY_DICT
			case 0x64: { const dict = { kind: 'dict' as const, entries: new Map() }; setItems(dict, popMark()); push(dict); break; } // DICT
			case 0x73: { const value = pop(); const key = pop(); setItems(top(), [key, value]); break; } // SETITEM
			case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
			case 0x71: remember(u8(), top()); break; // BINPUT
			case 0x72: remember(u32(), top()); break; // LONG_BINPUT
			case 0x94: remember(memo.size, top()); break; // MEMOIZE
			case 0x68: memoGet(u8()); break; // BINGET
			case 0x6a: memoGet(u32()); break; // LONG_BINGET
			case 0x63: { const module = line(); global(module, line()); break; } // GLOBAL
			case 0x93: { // STACK_GLOBAL
				const name = pop();
				const module = pop();
				if (typeof module !== 'string' || typeof name !== 'string') throw new PickleRefusal('STACK_GLOBAL names a global with something other than strings');
				global(module, name);
				break;
			}
			case 0x52: { const args = pop(); const callable = pop(); push(policy.reduce(callable, args)); break; } // REDUCE
			case 0x62: { const state = pop(); policy.build(top(), state); break; } // BUILD
			case 0x51: push(policy.persistentLoad(pop())); break; // BINPERSID
			default:
				throw new PickleRefusal(`opcode 0x${op.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(op))}) at byte ${offset} is not one a state dict uses`);
		}
	}
}
