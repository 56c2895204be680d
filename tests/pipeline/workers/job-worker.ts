/**
 * A worker for the runPool tests: reads `{ id, ms, fail, exit }` from workerData, reports when it started
 * (a shared counter of running jobs lets the test see the concurrency), waits `ms`, then answers like
 * model-worker.ts does: progress, then done, or a serialised error, or it exits without answering.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../src/pipeline/worker-pool.ts';

const { id, ms, fail, exit, running } = workerData as { id: string; ms: number; fail?: 'user' | 'bug'; exit?: number; running: SharedArrayBuffer };
const counter = new Int32Array(running);
const now = Atomics.add(counter, 0, 1) + 1;
// counter[1]: the most jobs seen running at once.
for (let seen = Atomics.load(counter, 1); seen < now; seen = Atomics.load(counter, 1)) {
	if (Atomics.compareExchange(counter, 1, seen, now) === seen) break;
}
parentPort!.postMessage({ type: 'progress', message: { id, step: 'started' } });
setTimeout(() => {
	Atomics.sub(counter, 0, 1);
	if (exit !== undefined) process.exit(exit);
	if (fail) {
		const error = Object.assign(new Error(`${id}: cannot be read. Check the file`), fail === 'user' ? { userFacing: true } : {});
		parentPort!.postMessage({ type: 'error', error: serializeError(error) });
		return;
	}
	parentPort!.postMessage({ type: 'done', result: `${id} done` });
}, ms);
