/** The editable kernel: one grid of number fields per input channel, each field labelled by its row and column. */
import { formatValue } from './format.ts';

/** The accessible names the grids and their fields get. */
export interface EditorLabels {
	/** A grid's caption, e.g. "Weights for channel B"; null for a single greyscale kernel. */
	grid(channel: number): string;
	cell(channel: number, row: number, col: number): string;
}

/**
 * Replaces `host`'s content with grids for `weights` ([channels, kh, kw]); a valid edit writes the
 * weight in place and calls `onChange`. Values show four significant digits while the kernel keeps the
 * exact float32 ones until a cell is edited.
 */
export function renderEditor(host: HTMLElement, weights: Float32Array, channels: number, kh: number, kw: number, labels: EditorLabels, onChange: () => void): void {
	const grids: HTMLElement[] = [];
	for (let c = 0; c < channels; c++) {
		const group = document.createElement('div');
		group.className = 'pg-matrix';
		group.setAttribute('role', 'group');
		const caption = document.createElement('div');
		caption.className = 'pg-matrix-caption';
		caption.id = `pg-matrix-${c}`;
		caption.textContent = labels.grid(c);
		group.setAttribute('aria-labelledby', caption.id);
		const cells = document.createElement('div');
		cells.className = 'pg-cells';
		cells.style.setProperty('--cols', String(kw));
		for (let r = 0; r < kh; r++) {
			for (let col = 0; col < kw; col++) {
				const index = (c * kh + r) * kw + col;
				const field = document.createElement('input');
				field.type = 'number';
				field.step = 'any';
				field.inputMode = 'decimal';
				field.value = formatValue(weights[index]!, 4);
				field.setAttribute('aria-label', labels.cell(c, r, col));
				field.addEventListener('input', () => {
					const v = field.value.trim() === '' ? Number.NaN : Number(field.value);
					if (!Number.isFinite(v)) {
						field.setAttribute('aria-invalid', 'true');
						return;
					}
					field.removeAttribute('aria-invalid');
					weights[index] = v;
					onChange();
				});
				cells.append(field);
			}
		}
		group.append(caption, cells);
		grids.push(group);
	}
	host.replaceChildren(...grids);
}
