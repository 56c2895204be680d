/** What the build prints while it works: download amounts, log lines or bars, and the summary table. */
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressReporter, formatBytesProgress, formatSummary } from '../../src/pipeline/progress.ts';

/** A stream that keeps what is written, as a terminal (isTTY) or a pipe. */
function stream(isTTY: boolean) {
	const chunks: string[] = [];
	const out = { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
	return { out, text: () => chunks.join(''), chunks };
}

const savedCi = process.env.CI;
afterEach(() => {
	if (savedCi === undefined) delete process.env.CI;
	else process.env.CI = savedCi;
});

describe('formatBytesProgress', () => {
	it('says kB below a megabyte and MB from one, with the rate once time has passed', () => {
		expect(formatBytesProgress(512 * 1024, 2 * 2 ** 20, 0)).toBe('0.5/2.0 MB');
		// 1536 B = 1.5 kB; in 1 s that is 1.5 kB/s.
		expect(formatBytesProgress(1536, null, 1)).toBe('1.5 kB, 1.5 kB/s');
		// 3 MB of 6 MB in 2 s: 1.5 MB/s.
		expect(formatBytesProgress(3 * 2 ** 20, 6 * 2 ** 20, 2)).toBe('3.0/6.0 MB, 1.5 MB/s');
		// The unit follows the total: 100 kB done of a 4 MB file is 0.1 MB; 100 kB in 4 s is 25.0 kB/s.
		expect(formatBytesProgress(100 * 1024, 4 * 2 ** 20, 4)).toBe('0.1/4.0 MB, 25.0 kB/s');
		// Exactly one megabyte is already MB, for the amount and for the rate.
		expect(formatBytesProgress(2 ** 20, null, 1)).toBe('1.0 MB, 1.0 MB/s');
		expect(formatBytesProgress(1023, null, -1)).toBe('1.0 kB');
	});
});

describe('ProgressReporter in a log (not a terminal)', () => {
	it('writes one line per state and per quarter of the layers, never one per layer', () => {
		const { out, text } = stream(false);
		const p = new ProgressReporter(['net'], out);
		p.update('net', { state: 'waiting' });
		for (let i = 0; i <= 8; i++) p.update('net', { state: 'working', layers: 8, layersDone: i, images: 2 * i });
		p.update('net', { state: 'done' });
		expect(text()).toBe(
			[
				'models: net: 0/8 layers, 0 images',
				'models: net: 2/8 layers, 4 images',
				'models: net: 4/8 layers, 8 images',
				'models: net: 6/8 layers, 12 images',
				'models: net: 8/8 layers, 16 images',
				'models: net: done',
				'',
			].join('\n'),
		);
	});

	it('logs downloads by quarter of the bytes, cached models once, and ignores ids it does not know', () => {
		const { out, text } = stream(false);
		const p = new ProgressReporter(['a', 'b'], out);
		p.update('a', { state: 'downloading', bytesDone: 0, bytesTotal: 4096 });
		p.update('a', { bytesDone: 1000 });
		p.update('a', { bytesDone: 1024 });
		p.update('b', { state: 'cached' });
		p.update('b', { state: 'cached' });
		p.update('nobody', { state: 'done' });
		const lines = text().trimEnd().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatch(/^models: a: downloading 0\.0\/4\.0 kB/);
		expect(lines[1]).toMatch(/^models: a: downloading 1\.0\/4\.0 kB/);
		expect(lines[2]).toBe('models: b: cached');
	});

	it('a skipped model: its own line with the text given, and "skipped (reason)" afterwards', () => {
		const { out, text } = stream(false);
		const p = new ProgressReporter(['hub'], out);
		p.skip('hub', 'offline', 'skipped: no network and no cached download');
		p.update('hub', { images: 0 });
		expect(text()).toBe('models: hub: skipped: no network and no cached download\n');
		p.update('hub', { state: 'working', layers: 4, layersDone: 0 });
		p.update('hub', { state: 'skipped' });
		expect(text().trimEnd().split('\n').at(-1)).toBe('models: hub: skipped (offline)');
	});
});

describe('ProgressReporter on a terminal', () => {
	it('draws a 24-cell bar per model and redraws them in place', () => {
		delete process.env.CI;
		const { out, chunks } = stream(true);
		const p = new ProgressReporter(['alpha', 'b'], out);
		p.update('alpha', { state: 'working', layers: 4, layersDone: 1, images: 3 });
		// First drawing: no cursor movement; one cleared line per model, names padded to the longest.
		expect(chunks.splice(0)).toEqual([
			`\x1b[2K  alpha ${'█'.repeat(6)}${'░'.repeat(18)} 1/4 layers, 3 images\n`,
			`\x1b[2K  b     ${'░'.repeat(24)} waiting\n`,
		]);
		p.update('b', { state: 'cached' });
		// Then: up two lines, and both rows again (a cached model is a full bar).
		expect(chunks.splice(0)).toEqual([
			'\x1b[2A',
			`\x1b[2K  alpha ${'█'.repeat(6)}${'░'.repeat(18)} 1/4 layers, 3 images\n`,
			`\x1b[2K  b     ${'█'.repeat(24)} cached\n`,
		]);
		// A line that must stay goes above the bars: clear them, write it, draw them again below it.
		p.log('alpha', 'downloaded 2.0 MB');
		expect(chunks.splice(0)).toEqual([
			'\x1b[2A\x1b[J',
			'models: alpha: downloaded 2.0 MB\n',
			`\x1b[2K  alpha ${'█'.repeat(6)}${'░'.repeat(18)} 1/4 layers, 3 images\n`,
			`\x1b[2K  b     ${'█'.repeat(24)} cached\n`,
		]);
	});

	it('a download fills its bar by bytes; CI set means log lines even on a terminal', () => {
		delete process.env.CI;
		const tty = stream(true);
		const p = new ProgressReporter(['m'], tty.out);
		p.update('m', { state: 'downloading', bytesDone: 3 * 2 ** 20, bytesTotal: 4 * 2 ** 20 });
		expect(tty.chunks[0]).toMatch(new RegExp(`^\\x1b\\[2K  m ${'█'.repeat(18)}${'░'.repeat(6)} downloading 3\\.0/4\\.0 MB`));
		process.env.CI = '1';
		const ci = stream(true);
		new ProgressReporter(['m'], ci.out).update('m', { state: 'done' });
		expect(ci.text()).toBe('models: m: done\n');
	});
});

describe('formatSummary', () => {
	it('aligns an all-built table: names left, numbers right', () => {
		expect(
			formatSummary([
				{ model: 'squeezenet', layers: 26, kernels: 3944, images: 800, seconds: 2.14, cached: false },
				{ model: 'tiny', layers: 4, kernels: 48, images: 90, seconds: 0.05, cached: true },
			]),
		).toBe(
			[
				'model       layers  kernels  images   time  cached',
				'----------  ------  -------  ------  -----  ------',
				'squeezenet      26     3944     800  2.1 s      no',
				'tiny             4       48      90  0.1 s     yes',
			].join('\n'),
		);
	});

	it('adds a note column, left-aligned, when a model was skipped', () => {
		expect(
			formatSummary([
				{ model: 'resnet18d', layers: 0, kernels: 0, images: 0, seconds: 0, cached: false, skipped: 'offline' },
				{ model: 'tiny', layers: 4, kernels: 48, images: 90, seconds: 1, cached: false },
			]),
		).toBe(
			[
				'model      layers  kernels  images   time   cached  note',
				'---------  ------  -------  ------  -----  -------  -------',
				'resnet18d       -        -       -      -  skipped  offline',
				'tiny            4       48      90  1.0 s       no',
			].join('\n'),
		);
	});
});
