/**
 * `kernel-atlas add PATH.onnx`: scaffolds `models/<id>.json` for a new model, with the input facts the
 * model declares, and prints its layer table so the author sees what the site will show.
 */
import { existsSync, writeFileSync, renameSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../../config/errors.ts';
import { parseModelConfig } from '../../config/load-configs.ts';
import type { ModelConfigInput } from '../../config/model-config.ts';
import { parseCommand } from '../args.ts';

const HELP = `Usage: kernel-atlas add PATH.onnx [--models DIR] [--id ID] [--force]

Writes DIR/ID.json (DIR defaults to models/, ID to the file name) for the model at PATH.onnx,
then prints its convolution layers. Edit the title, description, licence and source URL, then run npm run build.
`;

export async function run(args: string[]): Promise<number> {
	const parsed = parseCommand('add', args, { models: { type: 'string' }, id: { type: 'string' }, force: { type: 'boolean' } }, HELP, 'PATH.onnx');
	if (!parsed) return 0;
	const modelArg = parsed.file;
	const modelsDir = resolve(parsed.values.models ?? 'models');
	const modelPath = resolve(modelArg);
	const id = parsed.values.id ?? slug(basename(modelPath).replace(/\.onnx$/i, ''));
	const configPath = join(modelsDir, `${id}.json`);
	const shown = relative(process.cwd(), configPath) || configPath;
	if (existsSync(configPath) && !parsed.values.force) {
		throw new ConfigError(shown, 'already exists', 'Edit it, or pass --force to overwrite it');
	}

	const { openModel } = await import('../../reader/index.ts');
	const model = await openModel(modelPath);
	try {
		const source = modelPath.startsWith(modelsDir + sep) ? relative(modelsDir, modelPath).split(sep).join('/') : null;
		if (source === null) {
			throw new ConfigError(modelArg, 'is not inside the models folder', `Copy it into ${relative(process.cwd(), modelsDir) || modelsDir}/ first, then run add on the copy`);
		}
		const input = model.graphInputs.find((i) => i.dims.length === 4) ?? model.graphInputs[0];
		const dims = input?.dims ?? [];
		const size = [dims[2], dims[3]].map((d) => (typeof d === 'number' && d > 0 ? d : 224)) as [number, number];
		const title = basename(modelPath).replace(/\.onnx$/i, '');
		const config: ModelConfigInput = {
			title: { ja: title, en: title },
			description: { ja: `${title}（説明を書いてください）`, en: `${title} (write a description)` },
			source,
			license: 'UNKNOWN (fill in the licence of the weights)',
			sourceUrl: 'https://example.org/fill-in-the-source',
			author: `${model.info.producer || 'unknown'} export (fill in the author)`,
			task: 'image-classification',
			preprocess: { size, colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
			featured: false,
			limits: { galleryLayers: 1 },
		};
		const text = `${JSON.stringify(config, null, 2)}\n`;
		parseModelConfig(shown, text); // the scaffold itself must be valid
		const tmp = `${configPath}.tmp-${process.pid}`;
		writeFileSync(tmp, text);
		renameSync(tmp, configPath);

		process.stdout.write(`Wrote ${shown} for ${relative(process.cwd(), modelPath)} (${model.layers.length} convolution layers, input ${input ? `${input.name} [${dims.join(', ')}]` : 'unknown'}).\n`);
		process.stdout.write(`Next: edit the title, description, license, sourceUrl, author, task and preprocess fields, then npm run build.\n\n`);
		const { formatLayerTable } = await import('../../reader/index.ts');
		process.stdout.write(formatLayerTable(model));
		return 0;
	} finally {
		model.close();
	}
}

function slug(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}
