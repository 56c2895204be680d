/**
 * `kernel-atlas add PATH.onnx | hf:OWNER/REPO[@REVISION]`: scaffolds `models/<id>.json` for a new
 * model, with the input facts the model (or its Hub repository) declares, and prints its layer table
 * so the author sees what the site will show.
 */
import { basename, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../../config/errors.ts';
import type { ModelConfigInput } from '../../config/model-config.ts';
import { parseCommand } from '../args.ts';
import { scaffoldTarget, slug, writeScaffold } from '../scaffold.ts';

const HELP = `Usage: kernel-atlas add PATH.onnx [--models DIR] [--id ID] [--force]
       kernel-atlas add hf:OWNER/REPO[@REVISION] [--models DIR] [--id ID] [--force]

Writes DIR/ID.json (DIR defaults to models/, ID to the file or repository name) for the model at
PATH.onnx, then prints its convolution layers. Edit the title, description, licence and source URL,
then run npm run build.

With hf:OWNER/REPO (e.g. hf:timm/resnet18d.ra2_in1k), the config is filled from the Hugging Face Hub:
the weights file (model.safetensors, model.safetensors.index.json, pytorch_model.bin or a single
.onnx), the licence from the model card, the preprocessing from timm's config.json. The weights are
downloaded into the build cache and recorded in models/models.lock.json. HF_TOKEN is sent for gated
or private repositories; HF_ENDPOINT names a mirror.
`;

export async function run(args: string[]): Promise<number> {
	const parsed = parseCommand('add', args, { models: { type: 'string' }, id: { type: 'string' }, force: { type: 'boolean' } }, HELP, 'PATH.onnx or hf:OWNER/REPO');
	if (!parsed) return 0;
	const modelsDir = resolve(parsed.values.models ?? 'models');
	if (/^hf:/i.test(parsed.file)) {
		const { addFromHub } = await import('./add-hub.ts');
		return addFromHub(parsed.file, { modelsDir, id: parsed.values.id, force: parsed.values.force });
	}
	const modelArg = parsed.file;
	const modelPath = resolve(modelArg);
	const target = scaffoldTarget(modelsDir, parsed.values.id ?? slug(basename(modelPath).replace(/\.onnx$/i, '')), parsed.values.force);

	const { openModel, formatLayerTable } = await import('../../reader/index.ts');
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
			limits: { galleryLayers: 1 },
		};
		writeScaffold(target, config);

		process.stdout.write(`Wrote ${target.shown} for ${relative(process.cwd(), modelPath)} (${model.layers.length} convolution layers, input ${input ? `${input.name} [${dims.join(', ')}]` : 'unknown'}).\n`);
		process.stdout.write(`Next: edit the title, description, license, sourceUrl, author, task and preprocess fields, then npm run build.\n\n`);
		process.stdout.write(formatLayerTable(model));
		return 0;
	} finally {
		model.close();
	}
}
