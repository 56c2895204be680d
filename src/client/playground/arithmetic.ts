/**
 * The arithmetic at one output pixel: for each input channel the patch under the kernel, the kernel,
 * their products and the products' sum, then the total with the bias: "multiply and add", term by term.
 */
import type { PixelTerms } from './conv.ts';
import { fill, formatValue } from './format.ts';

/** The words the panel uses (from the page's strings). */
export interface ArithmeticText {
	title: string;
	channel: string;
	patch: string;
	kernel: string;
	products: string;
	sumOfProducts: string;
	bias: string;
	padding: string;
	output: string;
}

function table(caption: string, values: (number | null)[], kh: number, kw: number, kind: string): HTMLTableElement {
	const t = document.createElement('table');
	t.className = `pg-terms pg-terms-${kind}`;
	t.createCaption().textContent = caption;
	const body = t.createTBody();
	for (let r = 0; r < kh; r++) {
		const row = body.insertRow();
		for (let c = 0; c < kw; c++) {
			const v = values[r * kw + c]!;
			const cell = row.insertCell();
			cell.textContent = v === null ? '·' : formatValue(v);
			if (v === null) cell.className = 'pg-pad';
		}
	}
	return t;
}

function operator(text: string): HTMLElement {
	const span = document.createElement('span');
	span.className = 'pg-op';
	span.setAttribute('aria-hidden', 'true');
	span.textContent = text;
	return span;
}

/**
 * Fills `host` with the terms of output pixel (`x`, `y`). `value` is the output as shown (after ReLU
 * when it is on), `channelNames` null for a single greyscale channel.
 */
export function renderArithmetic(host: HTMLElement, text: ArithmeticText, terms: PixelTerms, kernel: Float32Array, kh: number, kw: number, channelNames: string[] | null, pixel: { x: number; y: number; value: number; relu: boolean }): void {
	const title = document.createElement('p');
	title.className = 'pg-arith-title';
	title.textContent = fill(text.title, { x: pixel.x, y: pixel.y });
	const blocks: HTMLElement[] = [title];
	// One channel and no bias (a greyscale kernel): the sum of the products is the output itself.
	const alone = terms.patch.length === 1 && terms.bias === 0;
	terms.patch.forEach((patch, c) => {
		const block = document.createElement('div');
		block.className = 'pg-arith-channel';
		const name = channelNames?.[c];
		if (name) {
			const heading = document.createElement('p');
			heading.className = 'pg-arith-channel-title';
			heading.textContent = fill(text.channel, { ch: name });
			block.append(heading);
		}
		const row = document.createElement('div');
		row.className = 'pg-arith-row';
		const weights = Array.from(kernel.subarray(c * kh * kw, (c + 1) * kh * kw));
		row.append(table(text.patch, patch, kh, kw, 'patch'), operator('×'), table(text.kernel, weights, kh, kw, 'kernel'), operator('='), table(text.products, terms.products[c]!, kh, kw, 'products'));
		const sum = document.createElement('p');
		sum.className = 'pg-arith-sum';
		sum.textContent = `${text.sumOfProducts} = ${formatValue(terms.sums[c]!, 5)}`;
		block.append(row);
		if (!alone) block.append(sum);
		blocks.push(block);
	});
	const total = document.createElement('p');
	total.className = 'pg-arith-total';
	const term = (v: number) => (v < 0 ? `(${formatValue(v, 5)})` : formatValue(v, 5));
	const parts = terms.sums.map(term);
	if (channelNames || terms.bias !== 0) parts.push(`${text.bias} ${term(terms.bias)}`);
	// The sum is spelled out only when there is something to add; ReLU only where it changes the value.
	const added = parts.length > 1 ? `${parts.join(' + ')} = ` : '';
	const relu = pixel.relu && terms.total < 0 ? `${formatValue(terms.total, 5)} → ReLU → ` : '';
	const output = document.createElement('output');
	output.className = 'pg-arith-value';
	output.textContent = formatValue(pixel.value, 5);
	total.append(`${alone ? `${text.output} = ${text.sumOfProducts}` : text.output} = ${added}${relu}`, output);
	blocks.push(total);
	if (terms.patch.some((p) => p.includes(null))) {
		const note = document.createElement('p');
		note.className = 'pg-arith-note';
		note.textContent = text.padding;
		blocks.push(note);
	}
	host.replaceChildren(...blocks);
}
