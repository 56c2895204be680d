/** What both forms of `kernel-atlas add` share: where the config goes, its placeholders, writing it, and what to print. */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ConfigError } from '../config/errors.ts';
import { factsFromModel, PREPROCESS_SOURCES, type ModelFacts, type ScaffoldFact } from '../config/from-model.ts';
import { parseModelConfig } from '../config/load-configs.ts';
import { SCHEMA_FILE_NAME, type ModelConfigInput } from '../config/model-config.ts';
import { placeholder, placeholderFields, PLACEHOLDER_URL } from '../config/placeholders.ts';

/** A model id from a file or repository name: lowercase letters, digits and dashes. */
export function slug(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/** The config file for `id` in `modelsDir`, as shown to the user; refuses to overwrite without `force`. */
export function scaffoldTarget(modelsDir: string, id: string, force: boolean | undefined): { path: string; shown: string } {
	const path = join(modelsDir, `${id}.json`);
	const shown = relative(process.cwd(), path) || path;
	if (existsSync(path) && !force) throw new ConfigError(shown, 'already exists', 'Edit it, or pass --force to overwrite it');
	return { path, shown };
}

/** The placeholders only the author can replace; the build refuses a config that still holds one. */
export const TODO = {
	description: { ja: placeholder('モデルの説明を 1、2 文で書いてください'), en: placeholder('write one or two sentences about the model') },
	license: placeholder('the licence of the weights, as an SPDX id such as Apache-2.0'),
	sourceUrl: PLACEHOLDER_URL,
	author: (known: string) => placeholder(`who made or trained the model${known ? ` (${known})` : ''}`),
	task: placeholder('what the model does, e.g. image-classification, object-detection, text-detection'),
};

/** Validates the scaffold with the build's own schema, then writes it atomically. */
export function writeScaffold(target: { path: string; shown: string }, config: ModelConfigInput): void {
	// Beside the JSON Schema (the project's models/), name it, so that an editor checks the fields as the author fills them in.
	if (existsSync(join(dirname(target.path), SCHEMA_FILE_NAME))) config = { $schema: `./${SCHEMA_FILE_NAME}`, ...config };
	// Short arrays of numbers on one line ("size": [224, 224]), as a person would write them.
	const text = `${JSON.stringify(config, null, 2).replace(/\[\s+([-\d.e,\s]+?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`)}\n`;
	parseModelConfig(target.shown, text); // the scaffold itself must be valid
	const tmp = `${target.path}.tmp-${process.pid}`;
	writeFileSync(tmp, text);
	renameSync(tmp, target.path);
}

/** A model file's layer table and the config facts it states or suggests, from one opening. */
export async function describeModelFile(path: string): Promise<{ table: string; layers: number; facts: ModelFacts }> {
	const [{ formatLayerTable }, { openModel }] = await Promise.all([import('../reader/layer-table.ts'), import('../reader/open.ts')]);
	const model = await openModel(path);
	try {
		return { table: formatLayerTable(model), layers: model.layers.length, facts: factsFromModel(model) };
	} finally {
		model.close();
	}
}

const FROM: Record<ScaffoldFact['from'], string> = { file: 'from the file', shape: 'read off the shapes', guess: 'GUESS' };

/**
 * What `add` tells the author after writing a config: where each filled-in value comes from (guesses
 * marked, with where the right values are usually found), the placeholders left, and the next step.
 */
export function scaffoldReport(config: ModelConfigInput, facts: ScaffoldFact[], notes: string[]): string {
	const width = Math.max(...facts.map((f) => f.field.length));
	const valueWidth = Math.max(...facts.map((f) => f.value.length));
	const lines = facts.map((f) => `  ${f.field.padEnd(width)}  ${f.value.padEnd(valueWidth)}  ${FROM[f.from]}: ${f.why}`);
	const out = ['What add filled in, and from where:', ...lines];
	if (facts.some((f) => f.from === 'guess')) out.push(`Check every GUESS before you publish: the right values are usually in ${PREPROCESS_SOURCES}.`);
	for (const note of notes) out.push(`Note: ${note}.`);
	const todo = placeholderFields(config);
	out.push(
		todo.length > 0
			? `Next: write ${todo.map((f) => `"${f}"`).join(', ')} (TODO placeholders: the build refuses them), check the title, then npm run build.`
			: 'Next: check the title, description, author and task, then npm run build.',
	);
	return `${out.join('\n')}\n`;
}
