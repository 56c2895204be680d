/**
 * Runs model jobs on worker threads: at most `concurrency` at once, and never more at once than the
 * memory budget allows (each job declares its estimated peak bytes). The biggest jobs start first.
 */
import { Worker } from 'node:worker_threads';

export interface PoolJob<I> {
	id: string;
	input: I;
	/** Estimated peak memory of the job, in bytes. */
	memory: number;
}

export interface PoolOptions<P> {
	concurrency: number;
	memoryBudget: number;
	onProgress?: (id: string, message: P) => void;
}

type WorkerMessage<P, R> = { type: 'progress'; message: P } | { type: 'done'; result: R } | { type: 'error'; error: SerializedError };

/** An error crossing the thread boundary; `userFacing` errors keep their one-line message. */
export interface SerializedError {
	name: string;
	message: string;
	userFacing: boolean;
	stack?: string;
}

/** The error a failed job rejects with, rebuilt on the main thread. */
export class JobError extends Error {
	override name = 'JobError';
	readonly userFacing: boolean;
	constructor(serialized: SerializedError) {
		super(serialized.message);
		this.userFacing = serialized.userFacing;
		if (serialized.stack) this.stack = serialized.stack;
	}
}

/** Runs every job in `workerUrl` and resolves with the results by id; rejects on the first failure. */
export async function runPool<I, P, R>(workerUrl: URL, jobs: PoolJob<I>[], options: PoolOptions<P>): Promise<Map<string, R>> {
	const queue = [...jobs].sort((a, b) => b.memory - a.memory);
	const results = new Map<string, R>();
	const running = new Set<Worker>();
	let memoryInUse = 0;
	let failed: Error | null = null;

	return new Promise((resolve, reject) => {
		const next = () => {
			if (failed) return;
			while (queue.length > 0 && running.size < options.concurrency) {
				const job = queue[0]!;
				// A job bigger than the whole budget still runs, but alone.
				if (running.size > 0 && memoryInUse + job.memory > options.memoryBudget) break;
				queue.shift();
				start(job);
			}
			if (queue.length === 0 && running.size === 0) resolve(results);
		};
		const start = (job: PoolJob<I>) => {
			memoryInUse += job.memory;
			const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { argv: [workerUrl.href], workerData: job.input });
			running.add(worker);
			let settled = false;
			const finish = (error: Error | null, result?: R) => {
				if (settled) return;
				settled = true;
				running.delete(worker);
				memoryInUse -= job.memory;
				// Stopping after another job failed: that job's error is the one reported, not "stopped".
				if (failed) return;
				if (error) {
					failed = error;
					// Reject only once every other worker has stopped, so the caller can clean up their
					// staging folders without a worker still writing into them.
					void Promise.all([...running].map((other) => other.terminate())).then(() => reject(error));
					return;
				}
				results.set(job.id, result as R);
				void worker.terminate();
				next();
			};
			worker.on('message', (msg: WorkerMessage<P, R>) => {
				if (msg.type === 'progress') options.onProgress?.(job.id, msg.message);
				else if (msg.type === 'done') finish(null, msg.result);
				else finish(new JobError(msg.error));
			});
			worker.on('error', (error) => finish(error));
			// After 'done' this is a no-op; before it, the worker died without an answer.
			worker.on('exit', (code) => finish(new Error(`the worker for model ${job.id} stopped (exit code ${code}) before finishing`)));
		};
		next();
	});
}

/** Turns any thrown value into something a worker can post back. */
export function serializeError(error: unknown): SerializedError {
	const e = error instanceof Error ? error : new Error(String(error));
	return { name: e.name, message: e.message, userFacing: (e as { userFacing?: unknown }).userFacing === true, stack: e.stack };
}
