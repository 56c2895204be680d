/**
 * `kernel-atlas add PATH.onnx | hf:OWNER/REPO[@REVISION]`: scaffolds `models/<id>.json` for a new
 * model, with the input facts the model (or its Hub repository) declares, and prints its layer table
 * so the author sees what the site will show.
 */
import { basename, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../../config/errors.ts';
import type { ModelConfigInput } from '../../config/model-config.ts';
import { parseCommand } from '../args.ts';
import { describeModelFile, scaffoldReport, scaffoldTarget, slug, TODO, writeScaffold } from '../scaffold.ts';

/** The file extensions of the model formats, left out of the config's name. */
const MODEL_EXTENSION = /\.(onnx|safetensors|pth|pt|bin)$/i;

const HELP = `Usage: kernel-atlas add PATH.onnx [--models DIR] [--id ID] [--force]
       kernel-atlas add hf:OWNER/REPO[@REVISION] [--models DIR] [--id ID] [--force]

Writes DIR/ID.json for the model at PATH.onnx (a file inside DIR), then prints where each value comes
from and the model's convolution layers. DIR defaults to models/; ID is the file or repository name in
lowercase letters, digits and dashes (models/My Net.v2.onnx → models/my-net-v2.json).

The input size, and the channel order and pixel range when the file states them, come from the model;
the task from its outputs where they tell. The rest is marked GUESS. Description, licence, source URL
and author are TODO placeholders: write them (the build refuses a config that still holds one), check
the guesses, then run npm run build.

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
	const name = basename(modelPath).replace(MODEL_EXTENSION, '');
	const id = parsed.values.id ?? slug(name);
	const target = scaffoldTarget(modelsDir, id, parsed.values.force);
	const source = modelPath.startsWith(modelsDir + sep) ? relative(modelsDir, modelPath).split(sep).join('/') : null;
	if (source === null) {
		throw new ConfigError(modelArg, 'is not inside the models folder', `Copy it into ${relative(process.cwd(), modelsDir) || modelsDir}/ first, then run add on the copy`);
	}
	const { table, layers, facts } = await describeModelFile(modelPath);
	const config: ModelConfigInput = {
		title: { ja: name, en: name },
		description: TODO.description,
		source,
		license: TODO.license,
		sourceUrl: TODO.sourceUrl,
		author: TODO.author(''),
		task: facts.task ?? TODO.task,
		preprocess: facts.preprocess,
		limits: { galleryLayers: 1 },
	};
	writeScaffold(target, config);

	const named = parsed.values.id ? `id "${id}", from --id` : `id "${id}", from the file name; --id ID names it otherwise`;
	process.stdout.write(`Wrote ${target.shown} for ${relative(process.cwd(), modelPath)} (${named}; ${layers} convolution layer${layers === 1 ? '' : 's'}).\n`);
	process.stdout.write(`${scaffoldReport(config, facts.facts, facts.notes)}\n`);
	process.stdout.write(table);
	return 0;
}
