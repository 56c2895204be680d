/** Reads and validates every model config in `models/`, and finds each model's ONNX file. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LOCK_FILE_NAME } from '../fetch/lock.ts';
import { ConfigError, ConfigErrors } from './errors.ts';
import { SCHEMA_FILE_NAME } from './model-config.ts';
import { describeIssues, OWN_MESSAGE } from './issues.ts';
import { modelConfigSchema, type ModelConfig } from './model-config.ts';
import { placeholderFields } from './placeholders.ts';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const SCHEMA_HINT = 'See "Add your model" in README.md for every field';

/** Validates one config file's text; the id comes from the file name. */
export function parseModelConfig(file: string, text: string): ModelConfig {
	const id = basename(file).replace(/\.json$/, '');
	if (!ID_PATTERN.test(id)) {
		throw new ConfigError(file, `"${id}" is not a valid model id`, 'Rename the file to lowercase letters, digits and dashes, e.g. models/my-net.json');
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(file, `is not valid JSON (${(error as Error).message})`, 'Fix the JSON syntax');
	}
	const result = modelConfigSchema.safeParse(data, { error: () => OWN_MESSAGE });
	if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues, data), SCHEMA_HINT);
	return { ...result.data, id };
}

/** The model configs' file names in `modelsDir`, sorted: every `.json` but the lock file and the JSON Schema. */
export function configFileNames(modelsDir: string): string[] {
	return readdirSync(modelsDir).filter((f) => f.endsWith('.json') && f !== LOCK_FILE_NAME && f !== SCHEMA_FILE_NAME).sort();
}

/**
 * Loads every `models/*.json` (but the lock file and the JSON Schema), validated, sorted by id; a bad
 * file does not hide the next one: every file's problems are reported together.
 */
export function loadModelConfigs(modelsDir: string): ModelConfig[] {
	if (!existsSync(modelsDir)) {
		throw new ConfigError(modelsDir, 'folder not found', 'Create it and add a model config (see README.md, "Add your model")');
	}
	const failed: ConfigError[] = [];
	const configs = configFileNames(modelsDir).flatMap((f) => {
		const path = join(modelsDir, f);
		try {
			const config = parseModelConfig(displayPath(path), readFileSync(path, 'utf8'));
			refusePlaceholders(displayPath(path), config);
			return [config];
		} catch (error) {
			if (!(error instanceof ConfigError)) throw error;
			failed.push(error);
			return [];
		}
	});
	if (failed.length > 0) throw failed.length === 1 ? failed[0]! : new ConfigErrors(failed);
	const byRank = new Map<number, string>();
	for (const config of configs) {
		if (config.featured === null) continue;
		const other = byRank.get(config.featured);
		if (other) {
			throw new ConfigError(
				displayPath(join(modelsDir, `${config.id}.json`)),
				`field "featured": rank ${config.featured} is already given to ${other}`,
				'Give each featured model its own rank (1 = first choice, 2 = next, …), or remove "featured" from all but one',
			);
		}
		byRank.set(config.featured, config.id);
	}
	return configs;
}

/** A config for the site must hold the author's answers, not the placeholders `kernel-atlas add` wrote. */
function refusePlaceholders(file: string, config: ModelConfig): void {
	const fields = placeholderFields(config);
	if (fields.length === 0) return;
	const what = fields.length === 1 ? `field "${fields[0]}" still holds the placeholder kernel-atlas add wrote` : `fields ${fields.map((f) => `"${f}"`).join(', ')} still hold the placeholders kernel-atlas add wrote`;
	throw new ConfigError(file, what, 'Write the real values (the site would publish them as they are); see "Add your model" in README.md');
}

/**
 * Resolves a local `source` to an absolute file path: first relative to `models/`, then inside an
 * installed npm package (`@scope/pkg/path/in/package.onnx`). Hub and URL sources are downloaded
 * instead (src/pipeline/sources.ts).
 */
export function resolveModelSource(config: ModelConfig, modelsDir: string, projectRoot = process.cwd()): string {
	const file = displayPath(join(modelsDir, `${config.id}.json`));
	const { source } = config;
	if (isAbsolute(source)) {
		throw new ConfigError(file, `field "source": "${source}" is an absolute path`, 'Use a path relative to models/ or an npm package path');
	}
	const local = resolve(modelsDir, source);
	if (!local.startsWith(resolve(modelsDir) + sep)) {
		throw new ConfigError(file, `field "source": "${source}" points outside models/`, 'Copy the model into models/ and give its name');
	}
	const candidates = [local, resolve(projectRoot, 'node_modules', source)];
	for (const candidate of candidates) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	throw new ConfigError(
		file,
		`field "source": no file "${source}" in models/ or in node_modules`,
		'Put the .onnx file in models/, or run npm install if it comes from a package',
	);
}

/** A path as the user typed it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
	const rel = relative(process.cwd(), path);
	return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
