/** Choosing an output pixel: hover or tap it, or move the chosen one with the arrow keys (Shift: ten at a time). */

/** A pixel of the output. */
export interface PixelPosition {
	x: number;
	y: number;
}

/**
 * Watches `canvas`, whose output is `size()` pixels (null before the first one): `hover` gets the
 * pixel under the pointer (null when it leaves), `choose` a tapped pixel or one moved to by keyboard
 * from `chosen()`.
 */
export function watchPixels(
	canvas: HTMLCanvasElement,
	size: () => { width: number; height: number } | null,
	chosen: () => PixelPosition | null,
	on: { hover(p: PixelPosition | null): void; choose(p: PixelPosition): void },
): void {
	const clamp = (p: PixelPosition, s: { width: number; height: number }) => ({ x: Math.min(s.width - 1, Math.max(0, p.x)), y: Math.min(s.height - 1, Math.max(0, p.y)) });
	const at = (e: PointerEvent, s: { width: number; height: number }) => {
		const box = canvas.getBoundingClientRect();
		return clamp({ x: Math.floor(((e.clientX - box.left) / box.width) * s.width), y: Math.floor(((e.clientY - box.top) / box.height) * s.height) }, s);
	};
	canvas.addEventListener('pointermove', (e) => {
		const s = size();
		if (s) on.hover(at(e, s));
	});
	canvas.addEventListener('pointerleave', () => on.hover(null));
	canvas.addEventListener('pointerdown', (e) => {
		const s = size();
		if (s) on.choose(at(e, s));
	});
	canvas.addEventListener('keydown', (e) => {
		const step = e.shiftKey ? 10 : 1;
		const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
		const s = size();
		const p = chosen();
		if (!move || !s || !p) return;
		e.preventDefault();
		on.choose(clamp({ x: p.x + move[0]!, y: p.y + move[1]! }, s));
	});
}
