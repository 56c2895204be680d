/**
 * `kernel-atlas render MODEL [--layer INDEX|NAME] --out DIR [--config FILE] [--photo FILE] [--color-order RGB|BGR] [--force]`:
 * writes the kernel images of a model (or one layer; the first layer also gets every gallery view) and a
 * manifest; with a model config, also the first layer's feature maps on a photograph.
 */
import { readsColourImage, RENDERER_VERSION, renderFeatureMaps, renderModel } from '../../render/index.ts';
import { parseCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import { orderFor, selectLayers } from './analyse.ts';

const HELP = `Usage: kernel-atlas render MODEL [--layer INDEX|NAME] --out DIR [--config FILE] [--photo FILE]
                           [--color-order RGB|BGR] [--force]

Writes a mosaic of every convolution layer (or of one), every gallery view of the first layer,
colour bars, and DIR/manifest.json (paths, sizes, text alternatives, notes). An unchanged model
(same SHA-256, same selection, same renderer version) is not rendered again unless --force is given.

Options:
  --config FILE   the model's config (models/NAME.json): its input preprocessing and colour order are
                  used, and the first layer's feature maps on a photograph go to DIR/feature-maps/.
                  By default, the config in models/ whose source is MODEL, if there is one
  --photo FILE    the photograph for the feature maps (default: content/samples/chelsea.png)
  --color-order ORDER  RGB or BGR, instead of the config's (RGB without a config)
`;

const DEFAULT_PHOTO = new URL('../../../content/samples/chelsea.png', import.meta.url);

export async function run(args: string[]): Promise<number> {
	const options = { layer: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, photo: { type: 'string' }, 'color-order': { type: 'string' }, force: { type: 'boolean' } } as const;
	const parsed = parseCommand('render', args, options, HELP);
	if (!parsed) return 0;
	const { file } = parsed;
	const out = parsed.values.out;
	if (!out) throw new UsageError('--out DIR is required');
	const { order, found } = orderFor('render', file, parsed.values, (order) => `preprocessing and colour order (${order})`);
	const config = found?.config ?? null;
	if (parsed.values.photo && !config) throw new UsageError('--photo needs the model\'s config (the preprocessing to apply to it): pass --config FILE');
	const { openModel } = await import('../../reader/index.ts');
	const model = await openModel(file);
	try {
		const layers = selectLayers(model.layers, parsed.values.layer, file);
		const started = performance.now();
		const { manifest, cached } = await renderModel(model, out, { layers, colorOrder: order, force: parsed.values.force });
		const first = model.layers[0];
		if (config && first && layers.includes(first.index)) {
			if (readsColourImage(first)) {
				const photo = parsed.values.photo ?? DEFAULT_PHOTO.pathname;
				const maps = await renderFeatureMaps(first, await model.readKernel(first), photo, config.preprocess, out, { modelFile: file });
				process.stdout.write(`${out}: ${maps.maps.length} feature maps of layer 0 on ${photo} in feature-maps/\n`);
			} else {
				process.stdout.write(`${out}: no feature maps: layer 0 does not read the colour image directly\n`);
			}
		}
		if (cached) {
			process.stdout.write(`${out}: up to date (model ${manifest.modelSha256.slice(0, 12)}, renderer ${RENDERER_VERSION}); nothing rendered\n`);
			return 0;
		}
		const mosaics = manifest.layers.reduce((n, l) => n + (l.mosaic?.files.length ?? 0), 0);
		const views = manifest.layers.reduce((n, l) => n + (l.gallery?.images.length ?? 0), 0);
		const images = mosaics + views + manifest.legends.length;
		const kinds = [count(mosaics, 'mosaic'), ...(views ? [count(views, 'gallery view')] : []), count(manifest.legends.length, 'colour bar')].join(', ');
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		process.stdout.write(`${out}: ${count(images, 'image')} for ${count(manifest.layers.length, 'layer')} (${kinds}) in ${seconds} s; see manifest.json\n`);
		for (const l of manifest.layers) if (l.skipped) process.stdout.write(`  layer ${l.index} ${l.name} skipped: ${l.skipped}\n`);
	} finally {
		model.close();
	}
	return 0;
}

/** `1 layer`, `4 images`: a count with its noun in the right number. */
function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
