/**
 * The model config a CLI command works with, so that it computes what the site shows: the one given
 * with `--config`, else the config in `models/` whose `source` is the model file the command was given
 * (a path in models/, an npm package path, or a Hub or URL download in the build cache). The config
 * schema and the source resolution (zod, about 90 ms to load) are loaded only for a config that may be
 * the one: a command on a model no config names does not pay for them.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { ConfigError } from '../config/errors.ts';
import type { ModelConfig } from '../config/model-config.ts';

/** A config and the file it came from, as shown to the user. */
export interface FoundConfig {
	config: ModelConfig;
	file: string;
	/** True when the user named it with --config; false when it was found in models/. */
	given: boolean;
}

/**
 * `--config FILE` when given; otherwise the first config in `modelsDir` (by name) whose source is
 * `modelPath`; null when there is none. Only the matching config is validated: a broken config of
 * another model does not stop a command about this one.
 */
export async function configForModel(modelPath: string, options: { config?: string; modelsDir?: string; root?: string } = {}): Promise<FoundConfig | null> {
	if (options.config) {
		const text = await readText(options.config);
		const { parseModelConfig } = await import('../config/load-configs.ts');
		return { config: parseModelConfig(options.config, text), file: options.config, given: true };
	}
	const root = options.root ?? process.cwd();
	const modelsDir = options.modelsDir ?? process.env.ATLAS_MODELS_DIR ?? join(root, 'models');
	if (!existsSync(modelsDir) || !existsSync(modelPath)) return null;
	const target = realpathSync(modelPath);
	const names = new Set([basename(modelPath), basename(target)]);
	// The lock file has no "source": sourceOf skips it like any JSON that is not a config.
	for (const name of readdirSync(modelsDir).filter((f) => f.endsWith('.json')).sort()) {
		const path = join(modelsDir, name);
		const source = sourceOf(readFileSync(path, 'utf8'));
		if (source === null || !names.has(sourceFileName(source)) || !(await sourceIs(source, target, name, modelsDir, root))) continue;
		const { displayPath, parseModelConfig } = await import('../config/load-configs.ts');
		return { config: parseModelConfig(displayPath(path), readFileSync(path, 'utf8')), file: displayPath(path), given: false };
	}
	return null;
}

/**
 * The file name a source ends in (`hf:o/r/model.safetensors@v1` → `model.safetensors`): a local file, an
 * npm package's file and a download (kept under its real name) all have it, so a config whose source
 * ends otherwise cannot be the model's, and is passed over without resolving it.
 */
function sourceFileName(source: string): string {
	return basename(source.replace(/[?#].*$/, '')).replace(/@[^@]*$/, '');
}

/** The `source` of a config's text, without validating the rest; null when it has none. */
function sourceOf(text: string): string | null {
	try {
		const source = (JSON.parse(text) as { source?: unknown } | null)?.source;
		return typeof source === 'string' ? source : null;
	} catch {
		return null;
	}
}

/** Whether a config's source names the file `target` (a real path). */
async function sourceIs(source: string, target: string, name: string, modelsDir: string, root: string): Promise<boolean> {
	const { resolveModelSource } = await import('../config/load-configs.ts');
	const { downloadDir, hubSettings, parseModelSource } = await import('../fetch/index.ts');
	try {
		const parsed = parseModelSource(source);
		if (parsed.kind === 'local') {
			const stub = { id: name.replace(/\.json$/, ''), source } as ModelConfig;
			return realpathSync(resolveModelSource(stub, modelsDir, root)) === target;
		}
		// A download lives in its own folder of the build cache, named after its URL.
		const dir = downloadDir(join(root, '.atlas-cache', 'downloads'), parsed, hubSettings().endpoint);
		return existsSync(dir) && target.startsWith(realpathSync(dir) + sep);
	} catch {
		return false; // a source that does not resolve is not this file
	}
}

/** Says which config a command found and uses, on stderr so that JSON output stays clean. */
export function announceConfig(command: string, found: FoundConfig, used: string): void {
	process.stderr.write(`kernel-atlas ${command}: ${used} from ${found.file} (its source is this model; --config FILE or --color-order choose otherwise)\n`);
}

async function readText(path: string): Promise<string> {
	try {
		return readFileSync(resolve(path), 'utf8');
	} catch (error) {
		throw new ConfigError(path, `cannot be read (${(error as NodeJS.ErrnoException).code})`, 'Pass a model config such as models/NAME.json to --config');
	}
}
