/**
 * `kernel-atlas render MODEL [--layer INDEX|NAME] --out DIR [--color-order RGB|BGR] [--force]`: writes the
 * kernel images of a model (or one layer; the first layer also gets every gallery view) and a manifest.
 */
import { RENDERER_VERSION, renderModel } from '../../render/index.ts';
import { parseCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import { colorOrder, selectLayers } from './analyse.ts';

const HELP = `Usage: kernel-atlas render MODEL [--layer INDEX|NAME] --out DIR [--color-order RGB|BGR] [--force]

Writes a mosaic of every convolution layer (or of one), every gallery view of the first layer,
colour bars, and DIR/manifest.json (paths, sizes, text alternatives, notes). An unchanged model
(same SHA-256, same selection, same renderer version) is not rendered again unless --force is given.
`;

export async function run(args: string[]): Promise<number> {
	const parsed = parseCommand('render', args, { layer: { type: 'string' }, out: { type: 'string' }, 'color-order': { type: 'string' }, force: { type: 'boolean' } }, HELP);
	if (!parsed) return 0;
	const { file } = parsed;
	if (!parsed.values.out) throw new UsageError('--out DIR is required');
	const order = colorOrder(parsed.values['color-order']);
	const { openOnnxModel } = await import('../../reader/index.ts');
	const model = await openOnnxModel(file);
	try {
		const layers = selectLayers(model.layers, parsed.values.layer, file);
		const started = performance.now();
		const { manifest, cached } = await renderModel(model, parsed.values.out, { layers, colorOrder: order, force: parsed.values.force });
		if (cached) {
			process.stdout.write(`${parsed.values.out}: up to date (model ${manifest.modelSha256.slice(0, 12)}, renderer ${RENDERER_VERSION}); nothing rendered\n`);
			return 0;
		}
		const images = manifest.legends.length + manifest.layers.reduce((n, l) => n + (l.mosaic?.files.length ?? 0) + (l.gallery?.images.length ?? 0), 0);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		process.stdout.write(`${parsed.values.out}: ${images} images for ${manifest.layers.length} layers in ${seconds} s; see manifest.json\n`);
		for (const l of manifest.layers) if (l.skipped) process.stdout.write(`  layer ${l.index} ${l.name} skipped: ${l.skipped}\n`);
	} finally {
		model.close();
	}
	return 0;
}
