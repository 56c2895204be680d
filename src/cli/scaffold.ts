/** What both forms of `kernel-atlas add` share: where the config goes, writing it, and the layer table. */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../config/errors.ts';
import { parseModelConfig } from '../config/load-configs.ts';
import type { ModelConfigInput } from '../config/model-config.ts';

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

/** Validates the scaffold with the build's own schema, then writes it atomically. */
export function writeScaffold(target: { path: string; shown: string }, config: ModelConfigInput): void {
	const text = `${JSON.stringify(config, null, 2)}\n`;
	parseModelConfig(target.shown, text); // the scaffold itself must be valid
	const tmp = `${target.path}.tmp-${process.pid}`;
	writeFileSync(tmp, text);
	renameSync(tmp, target.path);
}

/** The convolution layer table of a model file of any format the readers know. */
export async function layerTableOf(path: string): Promise<{ table: string; layers: number }> {
	const { formatLayerTable, openModel } = await import('../reader/index.ts');
	const model = await openModel(path);
	try {
		return { table: formatLayerTable(model), layers: model.layers.length };
	} finally {
		model.close();
	}
}
