/**
 * Facts about the first layer's feature maps against the designed filters' outputs, shared by the
 * tutorial's sentences and tables so both quote the same kernel and number.
 */
import type { KernelPageData } from '../pipeline/atlas-data.ts';

/** The designed filters the photo is filtered with, in the order pages list them (`CLASSICAL_FILTERS`). */
export const CLASSICAL_FILTERS_ORDER = ['laplacian', 'sobel-horizontal', 'sobel-vertical'] as const;

/**
 * The kernel whose feature map correlates most with a designed filter's output (by |r|: an inverted
 * map is as alike), as it is or with its channel means removed; null without feature maps.
 */
export function bestMapFor(kernels: KernelPageData[], filter: string, demeaned: boolean): { index: number; r: number } | null {
	let best: { index: number; r: number } | null = null;
	for (const k of kernels) {
		const r = k.mapSimilarity?.[demeaned ? 'demeaned' : 'raw'][filter];
		if (r === undefined) continue;
		if (!best || Math.abs(r) > Math.abs(best.r)) best = { index: k.index, r };
	}
	return best;
}

/** The median over kernels of each map's largest |r| with any designed filter: how alike a typical map is. */
export function medianBestR(kernels: KernelPageData[], demeaned: boolean): number | null {
	const values = kernels
		.map((k) => k.mapSimilarity?.[demeaned ? 'demeaned' : 'raw'])
		.filter((m): m is Record<string, number> => m !== undefined)
		.map((m) => Math.max(...Object.values(m).map(Math.abs)))
		.sort((a, b) => a - b);
	if (values.length === 0) return null;
	const mid = values.length >> 1;
	return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
