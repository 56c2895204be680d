/**
 * The kernel playground, wired to the page's server-rendered controls (`data-pg` attributes): loaded on
 * demand by the component's small loader, enables the controls, and recomputes on every change.
 */
import { renderArithmetic } from './arithmetic.ts';
import { convolve, pixelTerms, summary, toLuma, toTensor, type Planes, type Slide } from './conv.ts';
import { loadModelKernels, loadOwnPhoto, loadSamplePhoto, type ModelKernels, type Pixels } from './data.ts';
import { renderEditor } from './editor.ts';
import { fill, formatValue } from './format.ts';
import { embed, preset, type PresetName } from './presets.ts';
import { paintLegend, paintMap, paintPhoto } from './view.ts';
import { watchPixels } from './pointer.ts';

/** What the page's JSON strings block holds (see `playgroundStrings`), with every model's title by id. */
type Strings = Record<string, string> & { families: Record<string, string>; models: Record<string, string> };

/** Exposed on the playground element for the browser tests and the benchmark. */
export interface PlaygroundHandle {
	/** The output as shown (after ReLU when it is on). */
	output(): Planes | null;
	/** Recomputes; returns the milliseconds the convolution alone took and the whole recompute. */
	recompute(): { convolve: number; total: number } | null;
}

/** Starts the playground in `root` (a `[data-playground]` element). */
export async function mount(root: HTMLElement): Promise<void> {
	const q = <T extends Element = HTMLElement>(name: string) => root.querySelector<T>(`[data-pg="${name}"]`)!;
	const text = JSON.parse(q('strings').textContent!) as Strings;
	const message = q('message');
	const say = (m: string) => {
		message.textContent = m;
		message.hidden = !m;
	};

	const params = new URLSearchParams(location.search);
	const featured = new URL(root.dataset.manifest!, location.href);
	let data: ModelKernels;
	try {
		const wanted = params.get('model');
		const url = wanted && /^[\w.-]+$/.test(wanted) ? new URL(`${root.dataset.base}atlas/${wanted}/playground/manifest.json`, location.href) : featured;
		data = await loadModelKernels(url).catch(async (error: unknown) => {
			if (url.href === featured.href) throw error;
			const fallback = await loadModelKernels(featured);
			say(fill(text.modelMissing!, { model: text.models[fallback.manifest.model] ?? fallback.manifest.model }));
			return fallback;
		});
	} catch {
		say(text.loadError!);
		return;
	}
	const { manifest } = data;
	const title = text.models[manifest.model] ?? manifest.model;
	const [height, width] = manifest.preprocess.size;
	const { count, channels: modelChannels, height: lkh, width: lkw } = manifest.kernels;

	const state = {
		photo: null as Pixels | null,
		planes: new Map<string, Planes>(),
		mode: 'grey' as 'grey' | 'colour',
		learned: null as number | null,
		kh: 3,
		kw: 3,
		channels: 1,
		weights: Float32Array.from(preset('laplacian-8', 3)),
		bias: 0,
		relu: false,
		/** The chosen output pixel; null until the first output, which starts at its centre. */
		pixel: null as { x: number; y: number } | null,
		hover: null as { x: number; y: number } | null,
		out: null as Planes | null,
		revision: 0,
		/** The reader's own image, kept to reselect it; it never leaves the browser. */
		own: null as Blob | null,
		loads: 0,
	};
	const arithmeticText = {
		title: text.arithTitle!, channel: text.channel!, patch: text.patch!, kernel: text.kernel!, products: text.products!,
		sumOfProducts: text.sumOfProducts!, bias: text.bias!, padding: text.padding!, output: text.output!,
	};

	const controls = [...root.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('[data-pg="body"] :is(input, button, select)')];
	const sizeSelect = q<HTMLSelectElement>('size');
	const learnedSelect = q<HTMLSelectElement>('learned');
	const applyRadios = [...root.querySelectorAll<HTMLInputElement>('input[name="pg-apply"]')];
	const ownRadio = root.querySelector<HTMLInputElement>('input[name="pg-photo"][value="own"]')!;
	const outCanvas = q<HTMLCanvasElement>('output');
	const inCanvas = q<HTMLCanvasElement>('input');

	q('learned-label').textContent = fill(text.learned!, { model: title });
	learnedSelect.replaceChildren(
		new Option(text.learnedNone!, ''),
		...Array.from({ length: count }, (_, k) => new Option(fill(text.learnedOption!, { k, family: text.families[manifest.matches[k] ?? ''] ?? manifest.matches[k] ?? '' }), String(k))),
	);

	const slide = (): Slide =>
		state.mode === 'colour'
			? { ...manifest.geometry, edge: 'zero' }
			: { strides: [1, 1], pads: [(state.kh - 1) >> 1, (state.kw - 1) >> 1, state.kh >> 1, state.kw >> 1], dilations: [1, 1], edge: 'replicate' };
	const input = (): Planes => {
		let planes = state.planes.get(state.mode);
		if (!planes) {
			const p = state.photo!;
			planes = state.mode === 'colour' ? toTensor(p.rgba, p.height, p.width, manifest.preprocess) : toLuma(p.rgba, p.height, p.width);
			state.planes.set(state.mode, planes);
		}
		return planes;
	};
	const kernel = () => ({ data: state.weights, height: state.kh, width: state.kw, bias: state.bias });

	function syncControls(): void {
		for (const c of controls) c.disabled = false;
		// A learned kernel keeps the model's size in colour; a designed one can grow.
		sizeSelect.disabled = state.mode === 'colour' || state.kh !== state.kw;
		if (![...sizeSelect.options].some((o) => o.value === String(state.kh))) sizeSelect.add(new Option(`${state.kh}×${state.kh}`, String(state.kh)));
		sizeSelect.value = String(state.kh);
		learnedSelect.value = state.learned === null ? '' : String(state.learned);
		for (const r of applyRadios) {
			r.disabled = state.learned === null;
			r.checked = r.value === state.mode;
		}
		ownRadio.disabled = !state.own;
	}

	function setKernel(weights: Float32Array, channels: number, kh: number, kw: number, bias: number, mode: 'grey' | 'colour', learned: number | null): void {
		Object.assign(state, { weights, channels, kh, kw, bias, mode, learned });
		const names = mode === 'colour' ? manifest.channelNames : null;
		renderEditor(q('editor'), state.weights, channels, kh, kw, {
			grid: (c) => (names ? fill(text.editorChannel!, { ch: names[c]! }) : text.editor!),
			cell: (c, r, col) => (names ? fill(text.cellChannel!, { ch: names[c]!, r: r + 1, c: col + 1 }) : fill(text.cell!, { r: r + 1, c: col + 1 })),
		}, schedule);
		syncControls();
		recompute();
	}

	function loadLearned(k: number, mode: 'grey' | 'colour'): void {
		const per = modelChannels * lkh * lkw;
		const slice = data.weights.subarray(k * per, (k + 1) * per);
		if (mode === 'colour') return setKernel(Float32Array.from(slice), modelChannels, lkh, lkw, data.bias?.[k] ?? 0, 'colour', k);
		const summed = new Float32Array(lkh * lkw);
		for (let i = 0; i < summed.length; i++) {
			let s = 0;
			for (let c = 0; c < modelChannels; c++) s += slice[c * lkh * lkw + i]!;
			summed[i] = s;
		}
		setKernel(summed, 1, lkh, lkw, 0, 'grey', k);
	}

	let pending = 0;
	function schedule(): void {
		if (!pending) pending = requestAnimationFrame(() => ((pending = 0), recompute()));
	}

	function recompute(): { convolve: number; total: number } | null {
		if (!state.photo) return null;
		const started = performance.now();
		const planes = input();
		const convStarted = performance.now();
		const out = convolve(planes, kernel(), slide());
		const convolved = performance.now();
		if (state.relu) for (let i = 0; i < out.data.length; i++) out.data[i] = Math.max(0, out.data[i]!);
		state.out = out;
		outCanvas.style.aspectRatio = `${out.width} / ${out.height}`;
		const m = paintMap(outCanvas, out.data, out.height, out.width);
		paintLegend(q<HTMLCanvasElement>('legend'), state.relu);
		q('legend-min').textContent = formatValue(state.relu ? 0 : -m);
		q('legend-mid').textContent = formatValue(state.relu ? m / 2 : 0);
		q('legend-max').textContent = formatValue(m);
		const stats = summary(out.data);
		for (const key of ['min', 'max', 'mean'] as const) q(`stat-${key}`).textContent = formatValue(stats[key], 4);
		let sum = 0;
		for (const v of state.weights) sum += v;
		q('kernel-sum').textContent = fill(text.kernelSum!, { sum: formatValue(sum, 4) });
		const g = manifest.geometry;
		q('note').textContent =
			state.mode === 'colour'
				? fill(text.noteColour!, {
						model: title, layer: manifest.layer.index, name: manifest.layer.name, channels: modelChannels,
						stride: g.strides.join('×'), pads: g.pads.every((p) => p === g.pads[0]) ? g.pads[0] : g.pads.join(', '),
						bias: manifest.kernels.bias ? formatValue(state.bias, 4) : text.noBias!, assumed: g.assumed ? text.assumed! : '', w: out.width, h: out.height,
					})
				: fill(text.noteGrey!, { w: out.width, h: out.height });
		const p = state.pixel ?? { x: out.width >> 1, y: out.height >> 1 };
		state.pixel = { x: Math.min(p.x, out.width - 1), y: Math.min(p.y, out.height - 1) };
		showPixel(false);
		root.dataset.revision = String(++state.revision);
		return { convolve: convolved - convStarted, total: performance.now() - started };
	}

	function showPixel(announce: boolean): void {
		const out = state.out;
		if (!out) return;
		const { x, y } = state.hover ?? state.pixel!;
		const value = out.data[y * out.width + x]!;
		const terms = pixelTerms(input(), kernel(), slide(), y, x);
		renderArithmetic(q('arith'), arithmeticText, terms, state.weights, state.kh, state.kw, state.mode === 'colour' ? manifest.channelNames : null, { x, y, value, relu: state.relu });
		const place = (el: HTMLElement, top: number, left: number, h: number, w: number, ih: number, iw: number) =>
			Object.assign(el.style, { top: `${(100 * top) / ih}%`, left: `${(100 * left) / iw}%`, height: `${(100 * h) / ih}%`, width: `${(100 * w) / iw}%` });
		place(q('pixel-marker'), y, x, 1, 1, out.height, out.width);
		const s = slide();
		place(q('patch-marker'), y * s.strides[0] - s.pads[0], x * s.strides[1] - s.pads[1], (state.kh - 1) * s.dilations[0] + 1, (state.kw - 1) * s.dilations[1] + 1, height, width);
		if (announce) q('live').textContent = fill(text.status!, { x, y, v: formatValue(value, 4) });
	}

	async function usePhoto(load: Promise<Pixels>): Promise<void> {
		// Only the last photo asked for is shown, whichever arrives first.
		const ticket = ++state.loads;
		let photo: Pixels;
		try {
			photo = await load;
		} catch {
			if (ticket === state.loads) say(text.photoError!);
			return;
		}
		if (ticket !== state.loads) return;
		state.photo = photo;
		say('');
		state.planes.clear();
		paintPhoto(inCanvas, state.photo);
		recompute();
	}

	// Controls. Designed kernels are greyscale filters; learned ones can also run as the model runs them.
	for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-preset]')) {
		button.addEventListener('click', () => {
			const size = Number(sizeSelect.value);
			setKernel(Float32Array.from(preset(button.dataset.preset as PresetName, size)), 1, size, size, 0, 'grey', null);
		});
	}
	q('negate').addEventListener('click', () => setKernel(state.weights.map((v) => -v), state.channels, state.kh, state.kw, -state.bias, state.mode, state.learned));
	sizeSelect.addEventListener('change', () => {
		const size = Number(sizeSelect.value);
		setKernel(Float32Array.from(embed(state.weights, state.kh, size)), 1, size, size, 0, 'grey', null);
	});
	learnedSelect.addEventListener('change', () => {
		if (learnedSelect.value !== '') loadLearned(Number(learnedSelect.value), state.learned === null ? 'colour' : state.mode);
		else setKernel(state.weights, state.channels, state.kh, state.kw, state.bias, state.mode, null);
	});
	for (const radio of applyRadios) radio.addEventListener('change', () => state.learned !== null && loadLearned(state.learned, radio.value as 'grey' | 'colour'));
	q<HTMLInputElement>('relu').addEventListener('change', (e) => ((state.relu = (e.target as HTMLInputElement).checked), recompute()));
	const photoFile = (id: string) => manifest.photos.find((p) => p.id === id) ?? manifest.photos[0]!;
	for (const radio of root.querySelectorAll<HTMLInputElement>('input[name="pg-photo"]')) {
		radio.addEventListener('change', () => {
			if (radio.value === 'own') {
				if (state.own) void usePhoto(loadOwnPhoto(state.own, height, width, manifest.preprocess.cropPct));
			} else void usePhoto(loadSamplePhoto(new URL(photoFile(radio.value).file, data.folder), height, width));
		});
	}
	q<HTMLInputElement>('file').addEventListener('change', (e) => {
		const file = (e.target as HTMLInputElement).files?.[0];
		if (!file) return;
		state.own = file;
		ownRadio.disabled = false;
		ownRadio.checked = true;
		void usePhoto(loadOwnPhoto(file, height, width, manifest.preprocess.cropPct));
	});

	// The output: hover (or tap) a pixel to see its arithmetic; arrow keys move the chosen pixel.
	watchPixels(outCanvas, () => state.out, () => state.pixel, {
		hover: (p) => ((state.hover = p), showPixel(false)),
		choose: (p) => ((state.pixel = p), (state.hover = null), showPixel(true)),
	});

	(root as HTMLElement & { playground?: PlaygroundHandle }).playground = { output: () => state.out, recompute };
	const checked = root.querySelector<HTMLInputElement>('input[name="pg-photo"]:checked');
	state.photo = await loadSamplePhoto(new URL(photoFile(checked?.value ?? '').file, data.folder), height, width).catch(() => null);
	if (!state.photo) return say(text.loadError!);
	paintPhoto(inCanvas, state.photo);
	const requested = Number(params.get('kernel'));
	if (params.has('kernel') && Number.isInteger(requested) && requested >= 0 && requested < count) loadLearned(requested, 'colour');
	else setKernel(state.weights, 1, 3, 3, 0, 'grey', null);
	root.dataset.ready = '';
}
