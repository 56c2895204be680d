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

	it('a transposed convolution divides the jump by its stride and grows by (k − 1) × dilation × that jump', () => {
		const up = (input: string, output: string, kernel: number, stride: number, dilation: number) => ({ op: 'ConvTranspose', inputs: [input], outputs: [output], kernel, stride, dilation });
		const rf = receptiveFieldsOf([conv('x', 'a', 3, 4), up('a', 'b', 4, 2, 3), conv('b', 'c', 3)], ['x']);
		// a: 3 (jump 4); b: jump 4 / 2 = 2, 3 + 3·3·2 = 21; c: 21 + 2·2 = 25.
		expect(['a', 'b', 'c'].map((t) => rf.get(t))).toEqual([3, 21, 25]);
	});

	it('where branches merge, keeps the first of the larger fields whatever the order, and with it that branch\'s jump', () => {
		// p: 5 with jump 1; q: 5 with jump 2; r: 3. Each merge is followed by a 3×3 conv, which shows the jump kept.
		const rf = receptiveFieldsOf(
			[
				conv('x', 'p1', 3),
				conv('p1', 'p', 3),
				conv('x', 'q', 5, 2),
				conv('x', 'r', 3),
				{ op: 'Add', inputs: ['p', 'r'], outputs: ['pr'] },
				{ op: 'Add', inputs: ['p', 'q'], outputs: ['pq'] },
				{ op: 'Add', inputs: ['q', 'p'], outputs: ['qp'] },
				conv('pq', 'pq3', 3),
				conv('qp', 'qp3', 3),
			],
			['x'],
		);
		expect(rf.get('pr')).toBe(5);
		// 5 + 2·1 when p (jump 1) is kept; 5 + 2·2 when q (jump 2) is.
		expect(rf.get('pq3')).toBe(7);
		expect(rf.get('qp3')).toBe(9);
	});
});
