/** runPool: model jobs on worker threads, at most `concurrency` at once and within a memory budget. */
import { describe, expect, it } from 'vitest';
import { JobError, runPool, serializeError, type PoolJob } from '../../src/pipeline/worker-pool.ts';

const WORKER = new URL('./workers/job-worker.ts', import.meta.url);
type Input = { id: string; ms: number; fail?: 'user' | 'bug'; exit?: number; running: SharedArrayBuffer };

/** Jobs sharing one counter of running workers: [running now, most at once]. */
function jobs(specs: { id: string; ms?: number; memory?: number; fail?: 'user' | 'bug'; exit?: number }[]) {
	const running = new SharedArrayBuffer(8);
	const list: PoolJob<Input>[] = specs.map((s) => ({ id: s.id, memory: s.memory ?? 1, input: { id: s.id, ms: s.ms ?? 30, fail: s.fail, exit: s.exit, running } }));
	return { list, mostAtOnce: () => new Int32Array(running)[1]! };
}

describe('runPool', () => {
	it('runs every job and answers by id, never more at once than the concurrency, with progress from each', async () => {
		const { list, mostAtOnce } = jobs(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, ms: 300 })));
		const progress: string[] = [];
		const results = await runPool<Input, { id: string }, string>(WORKER, list, { concurrency: 2, memoryBudget: 100, onProgress: (id, m) => progress.push(`${id}:${m.id}`) });
		expect([...results.entries()].sort()).toEqual(['a', 'b', 'c', 'd', 'e'].map((id) => [id, `${id} done`]));
		expect(progress.sort()).toEqual(['a:a', 'b:b', 'c:c', 'd:d', 'e:e']);
		expect(mostAtOnce()).toBe(2);
	});

	it('starts the biggest jobs first, and runs two together only while their memory fits the budget', async () => {
		// Budget 10: 6 + 5 do not fit together, 6 + 3 do. Order of starts: 6 (biggest), then 5 alone after it, …
		const { list, mostAtOnce } = jobs([
			{ id: 'five', memory: 5, ms: 60 },
			{ id: 'six', memory: 6, ms: 60 },
			{ id: 'seven', memory: 7, ms: 60 },
		]);
		const started: string[] = [];
		await runPool<Input, { id: string }, string>(WORKER, list, { concurrency: 3, memoryBudget: 10, onProgress: (id) => started.push(id) });
		expect(started).toEqual(['seven', 'six', 'five']);
		expect(mostAtOnce()).toBe(1);
		const small = jobs([
			{ id: 'six', memory: 6, ms: 300 },
			{ id: 'three', memory: 3, ms: 300 },
		]);
		await runPool(WORKER, small.list, { concurrency: 3, memoryBudget: 10 });
		expect(small.mostAtOnce()).toBe(2);
	});

	it('runs a job bigger than the whole budget, alone', async () => {
		const { list, mostAtOnce } = jobs([
			{ id: 'huge', memory: 50, ms: 60 },
			{ id: 'tiny', memory: 1, ms: 60 },
		]);
		const results = await runPool(WORKER, list, { concurrency: 2, memoryBudget: 10 });
		expect(results.size).toBe(2);
		expect(mostAtOnce()).toBe(1);
	});

	it('rejects with a failed job\'s error, keeping whether it is meant for the user, once the others have stopped', async () => {
		const { list } = jobs([
			{ id: 'bad', fail: 'user', ms: 10 },
			{ id: 'slow', ms: 5000 },
		]);
		const started = performance.now();
		const error = await runPool(WORKER, list, { concurrency: 2, memoryBudget: 100 }).then(
			() => null,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(JobError);
		expect((error as JobError).message).toBe('bad: cannot be read. Check the file');
		expect((error as JobError).userFacing).toBe(true);
		// The slow job was stopped, not waited for.
		expect(performance.now() - started).toBeLessThan(4000);
		const bug = jobs([{ id: 'oops', fail: 'bug' }]);
		const e2 = (await runPool(WORKER, bug.list, { concurrency: 1, memoryBudget: 100 }).catch((e: unknown) => e)) as JobError;
		expect(e2.userFacing).toBe(false);
		expect(e2.stack).toContain('job-worker.ts');
	});

	it('a worker that exits without answering: an error naming the model and the exit code', async () => {
		const { list } = jobs([{ id: 'quitter', exit: 3 }]);
		await expect(runPool(WORKER, list, { concurrency: 1, memoryBudget: 100 })).rejects.toThrow('the worker for model quitter stopped (exit code 3) before finishing');
	});

	it('resolves at once with nothing to do', async () => {
		expect((await runPool(WORKER, [], { concurrency: 2, memoryBudget: 1 })).size).toBe(0);
	});
});

describe('serializeError', () => {
	it('keeps name, message, stack and the user-facing mark; turns a thrown non-error into one', () => {
		const e = Object.assign(new TypeError('bad shape'), { userFacing: true });
		expect(serializeError(e)).toEqual({ name: 'TypeError', message: 'bad shape', userFacing: true, stack: e.stack });
		expect(serializeError('plain text')).toMatchObject({ name: 'Error', message: 'plain text', userFacing: false });
		expect(serializeError(Object.assign(new Error('x'), { userFacing: 'yes' })).userFacing).toBe(false);
	});
});
