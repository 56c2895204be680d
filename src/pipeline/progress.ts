/**
 * Build progress: a bar per model on a terminal, plain log lines elsewhere (CI, pipes), and a summary
 * table at the end. Downloads report bytes and speed through the same rows.
 */

export interface ModelProgress {
	id: string;
	layersDone: number;
	layers: number;
	images: number;
	/** While downloading: bytes so far, and the total when the server said it. */
	bytesDone: number;
	bytesTotal: number | null;
	/** Why a skipped model was skipped, in a few words. */
	note: string;
	state: 'waiting' | 'downloading' | 'working' | 'cached' | 'done' | 'skipped' | 'failed';
}

export interface SummaryRow {
	model: string;
	layers: number;
	kernels: number;
	images: number;
	seconds: number;
	cached: boolean;
	/** Set for a model the build skipped (an optional model it could not fetch): the reason. */
	skipped?: string;
}

const KB = 1024;
const MB = 2 ** 20;

/** `12.3/46.8 MB, 5.1 MB/s` (kB below a megabyte): what a download bar or log line says. */
export function formatBytesProgress(done: number, total: number | null, seconds: number): string {
	const [unit, size] = (total ?? done) >= MB ? ['MB', MB] : ['kB', KB];
	const n = (bytes: number) => (bytes / size).toFixed(1);
	const amount = total === null ? `${n(done)} ${unit}` : `${n(done)}/${n(total)} ${unit}`;
	if (seconds <= 0) return amount;
	const rate = done / seconds;
	return `${amount}, ${rate >= MB ? `${(rate / MB).toFixed(1)} MB/s` : `${(rate / KB).toFixed(1)} kB/s`}`;
}

/** Reports per-model progress to a stream; on a TTY it redraws bars in place. */
export class ProgressReporter {
	private readonly rows = new Map<string, ModelProgress>();
	private readonly tty: boolean;
	private readonly out: NodeJS.WriteStream;
	private drawn = 0;
	private lastLogged = new Map<string, number>();
	private downloadStarted = new Map<string, number>();

	constructor(ids: string[], out: NodeJS.WriteStream = process.stderr) {
		this.out = out;
		this.tty = Boolean(out.isTTY) && !process.env.CI;
		for (const id of ids) this.rows.set(id, { id, layersDone: 0, layers: 0, images: 0, bytesDone: 0, bytesTotal: null, note: '', state: 'waiting' });
	}

	update(id: string, patch: Partial<ModelProgress>): void {
		const row = this.rows.get(id);
		if (!row) return;
		if (patch.state === 'downloading' && row.state !== 'downloading') this.downloadStarted.set(id, performance.now());
		Object.assign(row, patch);
		if (this.tty) this.redraw();
		else this.logLine(row);
	}

	/** Marks a model skipped and says why in a line that stays on screen. */
	skip(id: string, reason: string, text: string): void {
		const row = this.rows.get(id);
		if (row) Object.assign(row, { state: 'skipped', note: reason });
		this.log(id, text);
	}

	/** A line that must stay on screen (a skipped model, a finished download); on a terminal it goes above the bars. */
	log(id: string, text: string): void {
		this.lastLogged.set(id, this.mark(this.rows.get(id)));
		if (this.tty && this.drawn) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
		this.out.write(`models: ${id}: ${text}\n`);
		if (this.tty) {
			this.drawn = 0;
			this.redraw();
		}
	}

	private detail(row: ModelProgress): string {
		if (row.state === 'working') return `${row.layersDone}/${row.layers} layers, ${row.images} images`;
		if (row.state === 'downloading') {
			const seconds = (performance.now() - (this.downloadStarted.get(row.id) ?? performance.now())) / 1000;
			return `downloading ${formatBytesProgress(row.bytesDone, row.bytesTotal, seconds)}`;
		}
		if (row.state === 'skipped') return `skipped (${row.note})`;
		return row.state;
	}

	/** Which log line a row is at: a quarter of its layers or bytes, or its state. */
	private mark(row: ModelProgress | undefined): number {
		if (!row) return -100;
		const share = (done: number, total: number | null) => (total ? Math.floor((4 * done) / total) : 0);
		if (row.state === 'working') return share(row.layersDone, row.layers);
		if (row.state === 'downloading') return 10 + share(row.bytesDone, row.bytesTotal);
		return -1 - ['waiting', 'cached', 'done', 'skipped', 'failed'].indexOf(row.state);
	}

	private logLine(row: ModelProgress): void {
		// In logs, one line per state change and per quarter of the layers or bytes, not one per layer or chunk.
		const mark = this.mark(row);
		if (this.lastLogged.get(row.id) === mark) return;
		this.lastLogged.set(row.id, mark);
		if (row.state === 'waiting') return;
		this.out.write(`models: ${row.id}: ${this.detail(row)}\n`);
	}

	private redraw(): void {
		if (this.drawn) this.out.write(`\x1b[${this.drawn}A`);
		const width = Math.max(...[...this.rows.keys()].map((id) => id.length));
		for (const row of this.rows.values()) {
			const share =
				row.state === 'downloading' ? (row.bytesTotal ? row.bytesDone / row.bytesTotal : 0)
				: row.layers ? row.layersDone / row.layers
				: row.state === 'cached' || row.state === 'done' ? 1
				: 0;
			const filled = Math.round(share * 24);
			const bar = '█'.repeat(filled) + '░'.repeat(24 - filled);
			this.out.write(`\x1b[2K  ${row.id.padEnd(width)} ${bar} ${this.detail(row)}\n`);
		}
		this.drawn = this.rows.size;
	}
}

/** Formats the end-of-model-work summary as an aligned text table; skipped models say why. */
export function formatSummary(rows: SummaryRow[]): string {
	const header = ['model', 'layers', 'kernels', 'images', 'time', 'cached'];
	const anySkipped = rows.some((r) => r.skipped);
	if (anySkipped) header.push('note');
	const body = rows.map((r) => {
		const cells = r.skipped
			? [r.model, '-', '-', '-', '-', 'skipped']
			: [r.model, String(r.layers), String(r.kernels), String(r.images), `${r.seconds.toFixed(1)} s`, r.cached ? 'yes' : 'no'];
		if (anySkipped) cells.push(r.skipped ?? '');
		return cells;
	});
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
	// Numbers right-aligned; the model name and the free-text note left-aligned.
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
