/** Colour-bar images. Their numbers are not drawn into the image: pages print each image's range as text. */
import { type ColormapName, STEPS, palette, toComposite } from './colormap.ts';
import { colormapText } from './mosaic.ts';
import { type ImageMeta, writeImage } from './output.ts';

/** A colour bar: left end = the low value of an image's range, right end = the high value. */
export interface LegendImage extends ImageMeta {
	colormap: ColormapName | 'rgb';
}

const WIDTH = STEPS; // one pixel per colour step: exact, and CSS can stretch it crisply
const HEIGHT = 12;

/**
 * Writes the colour bars `<dir>/colorbar-diverging.png`, `-viridis.png` and `-rgb.png` (the grey ramp
 * every channel of an RGB composite follows).
 */
export async function renderLegends(outDir: string, dir = 'legends'): Promise<LegendImage[]> {
	const out: LegendImage[] = [];
	for (const cmap of ['diverging', 'viridis'] as const) {
		const pixels = new Uint8Array(WIDTH * HEIGHT);
		for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) pixels[y * WIDTH + x] = x;
		const alt = `Colour scale: ${colormapText(cmap)}. The numbers at its ends are given with each image.`;
		out.push({ colormap: cmap, ...(await writeImage(outDir, `${dir}/colorbar-${cmap}.png`, { kind: 'indexed', width: WIDTH, height: HEIGHT, pixels, palette: palette(cmap) }, alt)) });
	}
	const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
	for (let y = 0; y < HEIGHT; y++) {
		for (let x = 0; x < WIDTH; x++) rgb.fill(toComposite((x - (WIDTH - 1) / 2) / ((WIDTH - 1) / 2), 1), (y * WIDTH + x) * 3, (y * WIDTH + x) * 3 + 3);
	}
	const alt = 'Colour scale of the colour composites: each channel goes from dark (most negative weight) through mid-grey (zero) to bright (most positive).';
	out.push({ colormap: 'rgb', ...(await writeImage(outDir, `${dir}/colorbar-rgb.png`, { kind: 'rgb', width: WIDTH, height: HEIGHT, pixels: rgb }, alt)) });
	return out;
}
