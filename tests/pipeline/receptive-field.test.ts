import { describe, expect, it } from 'vitest';
import { receptiveFieldsOf } from '../../src/pipeline/receptive-field.ts';

const conv = (input: string, output: string, kernel: number, stride = 1, dilation = 1) => ({ op: 'Conv', inputs: [input], outputs: [output], kernel, stride, dilation });

describe('receptiveFieldsOf', () => {
	it('grows by (k − 1) × dilation × the product of earlier strides', () => {
		const rf = receptiveFieldsOf(
			[conv('x', 'a', 3), conv('a', 'b', 3, 2), { op: 'MaxPool', inputs: ['b'], outputs: ['c'], kernel: 2, stride: 2 }, conv('c', 'd', 3, 1, 2), { op: 'Relu', inputs: ['d'], outputs: ['e'] }, conv('e', 'f', 1)],
			['x'],
		);
		// 3; 3 + 2 = 5 (jump 2); pool 5 + 1·2 = 7 (jump 4); dilated 7 + 2·2·4 = 23; ReLU and 1×1 keep it.
		expect(['a', 'b', 'c', 'd', 'e', 'f'].map((t) => rf.get(t))).toEqual([3, 5, 7, 23, 23, 23]);
	});

	it('takes the larger field where branches merge, and ignores squeeze-and-excitation branches', () => {
		const rf = receptiveFieldsOf(
			[
				conv('x', 'a', 3),
				conv('a', 'b', 5),
				{ op: 'Add', inputs: ['a', 'b'], outputs: ['sum'] },
				{ op: 'GlobalAveragePool', inputs: ['sum'], outputs: ['g'] },
				conv('g', 'gate', 1),
				{ op: 'Mul', inputs: ['sum', 'gate'], outputs: ['se'] },
				conv('se', 'out', 3),
			],
			['x'],
		);
		expect(rf.get('sum')).toBe(7);
		expect(rf.get('se')).toBe(7);
		expect(rf.get('out')).toBe(9);
		expect(rf.has('g')).toBe(false);
	});
});
