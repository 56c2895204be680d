/**
 * Data-flow (topological) order of a graph's nodes. Among nodes that are ready at the same time the one
 * written first in the file goes first, so a file already in order keeps its order and a file written
 * backwards (some exporters do that) comes out forwards.
 */
import { OnnxError, HINT } from '../errors.ts';
import type { ModelScan, NodeScan } from './scan.ts';

/** The nodes of `scan` in topological order; throws OnnxError for a cycle. */
export function topologicalOrder(scan: ModelScan, file: string): NodeScan[] {
	const producedBy = new Map<string, NodeScan>();
	for (const node of scan.nodes) for (const out of node.outputs) if (out) producedBy.set(out, node);
	const waiting = new Map<NodeScan, number>();
	const consumers = new Map<string, NodeScan[]>();
	const ready = new MinHeap();
	for (const node of scan.nodes) {
		// A tensor nobody produces is a graph input, an initializer or an outer-scope name: available from the start.
		const pending = new Set(node.inputs.filter((name) => name && producedBy.has(name) && producedBy.get(name) !== node));
		for (const name of pending) {
			const list = consumers.get(name);
			if (list) list.push(node);
			else consumers.set(name, [node]);
		}
		waiting.set(node, pending.size);
		if (pending.size === 0) ready.push(node);
	}
	const order: NodeScan[] = [];
	for (let node = ready.pop(); node; node = ready.pop()) {
		order.push(node);
		for (const out of node.outputs) {
			if (producedBy.get(out) !== node) continue;
			for (const consumer of consumers.get(out) ?? []) {
				const left = waiting.get(consumer)! - 1;
				waiting.set(consumer, left);
				if (left === 0) ready.push(consumer);
			}
		}
	}
	if (order.length < scan.nodes.length) {
		const stuck = scan.nodes.find((n) => waiting.get(n)! > 0)!;
		throw new OnnxError(file, `the graph has a cycle through node "${stuck.name || stuck.opType}"`, HINT.corrupt, { subject: stuck.name });
	}
	return order;
}

/** A binary min-heap of nodes keyed by their position in the file. */
class MinHeap {
	private items: NodeScan[] = [];

	push(node: NodeScan): void {
		const a = this.items;
		a.push(node);
		for (let i = a.length - 1; i > 0; ) {
			const parent = (i - 1) >> 1;
			if (a[parent]!.index <= a[i]!.index) break;
			[a[parent], a[i]] = [a[i]!, a[parent]!];
			i = parent;
		}
	}

	pop(): NodeScan | undefined {
		const a = this.items;
		const top = a[0];
		const last = a.pop();
		if (a.length === 0 || !last) return top;
		a[0] = last;
		for (let i = 0; ; ) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < a.length && a[l]!.index < a[m]!.index) m = l;
			if (r < a.length && a[r]!.index < a[m]!.index) m = r;
			if (m === i) break;
			[a[m], a[i]] = [a[i]!, a[m]!];
			i = m;
		}
		return top;
	}
}
