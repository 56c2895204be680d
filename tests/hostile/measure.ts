/**
 * Loaded with `node --import` into a process under test: at exit it writes its peak resident memory
 * (VmHWM, Linux) and CPU time to the file named by ATLAS_MEASURE_OUT, so a test can bound both without
 * relying on wall time on a busy machine.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.ATLAS_MEASURE_OUT;
if (out) {
	process.on('exit', () => {
		const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		const cpu = process.cpuUsage();
		writeFileSync(out, JSON.stringify({ peakRss: peak ? Number(peak[1]) * 1024 : 0, cpuMs: (cpu.user + cpu.system) / 1000 }));
	});
}
