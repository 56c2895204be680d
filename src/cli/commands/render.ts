/**
 * `kernel-atlas render MODEL [--layer INDEX|NAME] --out DIR [--config FILE] [--photo FILE] [--color-order RGB|BGR]`:
 * the images and page data of a model (or of one layer), drawn by the build's own per-model code
 * (`processModel`), so that the command line and the site cannot disagree.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LIMITS_DEFAULTS, PREPROCESS_DEFAULTS } from '../../config/defaults.ts';
import type { ModelConfig } from '../../config/model-config.ts';
import type { ModelData } from '../../pipeline/atlas-data.ts';
import { readsColourImage } from '../../render/colour-input.ts';
import { parseCommand } from '../args.ts';
import type { FoundConfig } from '../config-for-model.ts';
import { UsageError } from '../errors.ts';
import { orderFor, selectLayers } from '../model-options.ts';

const HELP = `Usage: kernel-atlas render MODEL [--layer INDEX|NAME] --out DIR [--config FILE] [--photo FILE]
                           [--color-order RGB|BGR]

Draws what the site shows of a model, with the build's own code: a mosaic of every convolution layer
(or of one), the first layer's gallery (every kernel in every view), colour bars, and DIR/manifest.json
(the page data: every image with its size and text alternative, the statistics and classical-filter
matches). With a model config, also the first layer's feature maps on a photograph (DIR/feature-maps/)
and the kernel playground's data (DIR/playground/), and a classifier's top-5 when the config names its labels.

Options:
  --layer INDEX|NAME   one layer, by position (from 0) or by node or module name
  --config FILE        the model's config (models/NAME.json): its preprocessing, colour order and limits.
                       By default, the config in models/ whose source is MODEL, if there is one
  --photo FILE         the photograph for the feature maps (default: the site's featured sample photo)
  --color-order ORDER  RGB or BGR, instead of the config's (RGB without a config)
`;

const SAMPLES = new URL('../../../content/samples/', import.meta.url).pathname;

export async function run(args: string[]): Promise<number> {
	const options = { layer: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, photo: { type: 'string' }, 'color-order': { type: 'string' } } as const;
	const parsed = parseCommand('render', args, options, HELP);
	if (!parsed) return 0;
	const { file } = parsed;
	const out = parsed.values.out;
	if (!out) throw new UsageError('--out DIR is required');
	const { order, found } = await orderFor('render', file, parsed.values, (order) => `preprocessing and colour order (${order})`);
	if (parsed.values.photo && !found) throw new UsageError('--photo needs the model\'s config (the preprocessing to apply to it): pass --config FILE');
	const config = configFor(file, found, order);

	const [{ openModel }, { processModel }] = await Promise.all([import('../../reader/open.ts'), import('../../pipeline/process-model.ts')]);
	// Not hashed: nothing here shows or keys on the hash, and hashing costs more than drawing a layer.
	const model = await openModel(file, { hash: false });
	try {
		const layers = parsed.values.layer === undefined ? undefined : selectLayers(model.layers, parsed.values.layer, file);
		// The photographs only with a config: without one there is no preprocessing to apply to them.
		const photos = found ? (await import('../../pipeline/photos.ts')).samplePhotos(SAMPLES) : null;
		const photoPath = photos ? (parsed.values.photo ?? photos.featuredPath) : null;
		const started = performance.now();
		const data = await processModel(
			{ id: config.id, modelPath: file, sha256: null, config, outDir: out, imagesDir: out, srcPrefix: '', photoPath, samples: photos?.samples ?? [], layers, analysisThread: true },
			() => {},
			model,
		);
		const seconds = (performance.now() - started) / 1000;
		// The config only when there is one: a made-up one would say more than the user gave. Written at
		// once: nothing else is left to do, and the thread pool's open/write/close took 10–30 ms here.
		writeFileSync(`${out}/manifest.json`, `${JSON.stringify({ ...data, config: found ? data.config : null }, null, '\t')}\n`);
		process.stdout.write(summary(out, data, seconds, photoPath));
		const first = model.layers[0];
		if (found && first && data.layers.some((l) => l.index === first.index) && !readsColourImage(first)) {
			process.stdout.write(`${out}: no feature maps: layer 0 does not read the colour image directly\n`);
		}
		for (const l of data.layers) if (l.skipped === 'dynamic') process.stdout.write(`  layer ${l.index} ${l.name} skipped: the kernel is computed at run time, so there are no stored weights to draw\n`);
	} finally {
		model.close();
	}
	return 0;
}

/** The model's config with the colour order chosen; without one, the schema's defaults (not loading the schema). */
function configFor(file: string, found: FoundConfig | null, order: 'RGB' | 'BGR'): ModelConfig {
	if (found) return { ...found.config, preprocess: { ...found.config.preprocess, colorOrder: order } };
	const name = basename(file);
	return {
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model',
		title: { ja: name, en: name },
		description: { ja: '', en: '' },
		source: file,
		optional: false,
		license: '',
		sourceUrl: '',
		author: '',
		task: '',
		featured: null,
		preprocess: { ...PREPROCESS_DEFAULTS, colorOrder: order },
		limits: { ...LIMITS_DEFAULTS },
	};
}

/** What was written, in words: `DIR: 324 images for 1 layer (1 mosaic, the gallery of layer 0, colour bars) in 0.2 s; see manifest.json`. */
function summary(out: string, data: ModelData, seconds: number, photoPath: string | null): string {
	const drawn = data.layers.filter((l) => !l.skipped);
	const mosaics = drawn.reduce((n, l) => n + l.mosaic.length, 0);
	const maps = data.galleries.flatMap((g) => g.kernels).filter((k) => k.featureMap).length;
	const demeaned = data.galleries.flatMap((g) => g.kernels).filter((k) => k.demeanedMap).length;
	const galleries = data.galleries.map((g) => g.layerIndex);
	const gallery = galleries.length === 0 ? [] : [galleries.length === 1 ? `the gallery of layer ${galleries[0]}` : `the galleries of layers ${galleries.join(', ')}`];
	const kinds = [count(mosaics, 'mosaic'), ...gallery, 'colour bars', ...(maps ? [`${count(maps, 'feature map')}`] : []), ...(demeaned ? [`${demeaned} with the kernel's mean removed`] : []), ...(data.playground ? ['the playground\'s data'] : [])];
	const lines = [`${out}: ${count(data.imageCount, 'image')} for ${count(drawn.length, 'layer')} (${kinds.join(', ')}) in ${seconds.toFixed(1)} s; see manifest.json`];
	if (maps && photoPath) lines.push(`${out}: ${count(maps, 'feature map')} of layer 0 on ${photoPath} in feature-maps/`);
	const top = data.classification?.top[0];
	if (top) lines.push(`${out}: the model's answer on ${data.classification!.photo}: ${top.label} (probability ${top.probability.toFixed(3)})`);
	return `${lines.join('\n')}\n`;
}

/** `1 layer`, `4 images`: a count with its noun in the right number. */
function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
