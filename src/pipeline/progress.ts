/**
 * Build progress: a bar per model on a terminal, plain log lines elsewhere (CI, pipes), and a summary
 * table at the end.
 */

export interface ModelProgress {
	id: string;
	layersDone: number;
	layers: number;
	images: number;
	state: 'waiting' | 'working' | 'cached' | 'done' | 'failed';
}

export interface SummaryRow {
	model: string;
	layers: number;
	kernels: number;
	images: number;
	seconds: number;
	cached: boolean;
}

/** Reports per-model progress to a stream; on a TTY it redraws bars in place. */
export class ProgressReporter {
	private readonly rows = new Map<string, ModelProgress>();
	private readonly tty: boolean;
	private readonly out: NodeJS.WriteStream;
	private drawn = 0;
	private lastLogged = new Map<string, number>();

	constructor(ids: string[], out: NodeJS.WriteStream = process.stderr) {
		this.out = out;
		this.tty = Boolean(out.isTTY) && !process.env.CI;
		for (const id of ids) this.rows.set(id, { id, layersDone: 0, layers: 0, images: 0, state: 'waiting' });
	}

	update(id: string, patch: Partial<ModelProgress>): void {
		const row = this.rows.get(id);
		if (!row) return;
		Object.assign(row, patch);
		if (this.tty) this.redraw();
		else this.logLine(row);
	}

	private logLine(row: ModelProgress): void {
		// In logs, one line per state change and per quarter of the layers, not one per layer.
		const quarter = row.layers ? Math.floor((4 * row.layersDone) / row.layers) : 0;
		const mark = row.state === 'working' ? quarter : -1 - ['waiting', 'cached', 'done', 'failed'].indexOf(row.state);
		if (this.lastLogged.get(row.id) === mark) return;
		this.lastLogged.set(row.id, mark);
		if (row.state === 'waiting') return;
		const detail = row.state === 'working' ? `${row.layersDone}/${row.layers} layers, ${row.images} images` : row.state;
		this.out.write(`models: ${row.id}: ${detail}\n`);
	}

	private redraw(): void {
		if (this.drawn) this.out.write(`\x1b[${this.drawn}A`);
		const width = Math.max(...[...this.rows.keys()].map((id) => id.length));
		for (const row of this.rows.values()) {
			const share = row.layers ? row.layersDone / row.layers : row.state === 'cached' || row.state === 'done' ? 1 : 0;
			const filled = Math.round(share * 24);
			const bar = '█'.repeat(filled) + '░'.repeat(24 - filled);
			const detail = row.state === 'working' ? `${row.layersDone}/${row.layers} layers, ${row.images} images` : row.state;
			this.out.write(`\x1b[2K  ${row.id.padEnd(width)} ${bar} ${detail}\n`);
		}
		this.drawn = this.rows.size;
	}
}

/** Formats the end-of-model-work summary as an aligned text table. */
export function formatSummary(rows: SummaryRow[]): string {
	const header = ['model', 'layers', 'kernels', 'images', 'time', 'cached'];
	const body = rows.map((r) => [r.model, String(r.layers), String(r.kernels), String(r.images), `${r.seconds.toFixed(1)} s`, r.cached ? 'yes' : 'no']);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
