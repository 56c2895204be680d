/**
 * What the commands on a model share: the layers `--layer` picks, and the colour order (from
 * `--color-order`, else the model's config). Kept apart from the commands so that one command does not
 * load another's modules (`render` has no use for `analyse`'s text output).
 */
import type { ConvLayer } from '../reader/model.ts';
import { announceConfig, configForModel, type FoundConfig } from './config-for-model.ts';
import { UsageError } from './errors.ts';

/** Resolves `--layer` to layer indices: a number is a position, anything else a node or module name. */
export function selectLayers(layers: ConvLayer[], spec: string | undefined, file: string): number[] {
	if (spec === undefined) return layers.map((l) => l.index);
	const found = /^\d+$/.test(spec) ? layers.find((l) => l.index === Number(spec)) : layers.find((l) => l.name === spec || l.module === spec);
	if (!found) {
		const error = new Error(`${file}: there is no layer "${spec}" (the model has ${layers.length} convolution layer${layers.length === 1 ? '' : 's'}, 0–${layers.length - 1}). Run kernel-atlas inspect ${file} to list them.`);
		Object.assign(error, { userFacing: true });
		throw error;
	}
	return [found.index];
}

/** Parses a `--color-order` value. */
export function colorOrder(value: string | undefined): 'RGB' | 'BGR' {
	if (value === undefined || value.toUpperCase() === 'RGB') return 'RGB';
	if (value.toUpperCase() === 'BGR') return 'BGR';
	throw new UsageError(`--color-order must be RGB or BGR, not "${value}"`);
}

/**
 * The colour order a command uses: `--color-order` when given, else the model's config's (said on
 * stderr when the config was found rather than given), else RGB. Returns the config too, for commands
 * that use more of it (`uses` says what, in that message).
 */
export async function orderFor(command: string, file: string, values: { config?: string; 'color-order'?: string }, uses = (order: string) => `colour order ${order}`): Promise<{ order: 'RGB' | 'BGR'; found: FoundConfig | null }> {
	const found = await configForModel(file, { config: values.config });
	if (values['color-order'] !== undefined) return { order: colorOrder(values['color-order']), found };
	if (found && !found.given) announceConfig(command, found, uses(found.config.preprocess.colorOrder));
	return { order: found?.config.preprocess.colorOrder ?? colorOrder(undefined), found };
}
