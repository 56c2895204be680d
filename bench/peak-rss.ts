/** Peak resident memory, as the benchmarks measure it (VmHWM on Linux). */
import { readFileSync } from 'node:fs';

/** Peak RSS (VmHWM) of a live process in bytes, or 0 once it is gone or off Linux. */
export function peakRssOf(pid: number | 'self'): number {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/**
 * Peak RSS of this process. On Linux, VmHWM: getrusage's maxrss survives fork + exec, so a child of a
 * large parent (a benchmark holding generated weights) would report the parent's size.
 */
export function ownPeakRss(): number {
	return peakRssOf('self') || process.resourceUsage().maxRSS * 1024;
}
