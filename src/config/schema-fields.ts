/**
 * The config schema read as a list of fields: what the field tables, the error messages and the
 * build's cache key know about each field, taken from the zod schema and its `.meta()`.
 */
import { z } from 'zod';
import { modelConfigSchema, type ModelConfig } from './model-config.ts';

type Schema = z.core.$ZodType;

/** One row of a field table: a leaf of the schema, or an object whose parts carry no description of their own. */
export interface ConfigField {
	/** Dotted path (`preprocess.size`); an object shown as one row lists its parts (`title.ja`, `title.en`). */
	path: string;
	names: string[];
	schema: Schema;
	required: boolean;
	default: unknown;
	description: string;
	ja: string;
	/** Whether a change of the field changes the model's computed output; undefined when unmarked. */
	output: boolean | undefined;
}

/** The metadata registered on `schema` or on any wrapper inside it (optional, default, pipe). */
function metaOf(schema: Schema): z.core.GlobalMeta {
	let meta: z.core.GlobalMeta = {};
	for (let s: Schema | undefined = schema; s; s = inner(s)) meta = { ...z.globalRegistry.get(s), ...meta };
	return meta;
}

/** The schema a wrapper holds: optional, default, a transform's input, a refinement's base. */
function inner(schema: Schema): Schema | undefined {
	const def = schema._zod.def as { innerType?: Schema; in?: Schema };
	return def.innerType ?? def.in;
}

/** `schema` with optional, default and pipe wrappers taken off. */
export function core(schema: Schema): Schema {
	let s = schema;
	for (let next = inner(s); next; next = inner(s)) s = next;
	return s;
}

/** The object's fields, or null for any other schema. */
export function shapeOf(schema: Schema): Record<string, Schema> | null {
	const s = core(schema);
	return s._zod.def.type === 'object' ? (s._zod.def as unknown as { shape: Record<string, Schema> }).shape : null;
}

function defaultOf(schema: Schema): unknown {
	for (let s: Schema | undefined = schema; s; s = inner(s)) {
		const def = s._zod.def as { type: string; defaultValue?: unknown };
		if (def.type === 'default') return typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
	}
	return undefined;
}

/** Optional in the input as zod sees it (`.optional()`, a transform of one); defaults are checked apart. */
function isOptional(schema: Schema): boolean {
	return (schema._zod as { optin?: string }).optin === 'optional';
}

/** Every row of the field tables, in schema order. */
export function configFields(schema: Schema = modelConfigSchema, prefix = '', parentRequired = true): ConfigField[] {
	const shape = shapeOf(schema)!;
	return Object.entries(shape).flatMap(([key, field]): ConfigField[] => {
		const path = prefix + key;
		const meta = metaOf(field);
		const required = parentRequired && !isOptional(field) && defaultOf(field) === undefined;
		const parts = shapeOf(field);
		if (parts && Object.values(parts).some((p) => metaOf(p).description)) return configFields(field, `${path}.`, required);
		return [{
			path,
			names: parts ? Object.keys(parts).map((k) => `${path}.${k}`) : [path],
			schema: field,
			required,
			default: defaultOf(field),
			description: meta.description ?? '',
			ja: meta.ja ?? '',
			output: meta.output,
		}];
	});
}

/**
 * The part of a config that decides the model's computed output: every field not marked
 * `output: false` (an unmarked field counts, so a new field can never be missed by the cache).
 * @example outputPart(config) // { source: 'net.onnx', preprocess: { … }, limits: { … }, labels: undefined }
 */
export function outputPart(config: ModelConfig, schema: Schema = modelConfigSchema): Record<string, unknown> {
	const part: Record<string, unknown> = {};
	for (const field of configFields(schema)) {
		if (field.output === false) continue;
		const value = field.path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config);
		part[field.path] = value;
	}
	return part;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four'];

/**
 * What a schema accepts, in words for an error message.
 * @example expectedOf(z.tuple([z.number(), z.number()])) // 'a list of two numbers'
 */
export function expectedOf(schema: Schema, plural = false): string {
	const s = core(schema);
	const def = s._zod.def as { type: string; format?: string; items?: Schema[]; options?: Schema[]; entries?: Record<string, string> };
	const format = (s as { format?: string | null }).format ?? def.format;
	switch (def.type) {
		case 'string':
			if (format === 'url') return plural ? 'URLs' : 'a URL';
			return plural ? 'texts' : 'a text';
		case 'number':
			if (format === 'safeint') return plural ? 'whole numbers' : 'a whole number';
			return plural ? 'numbers' : 'a number';
		case 'boolean':
			return 'true or false';
		case 'enum':
			return `one of ${Object.values(def.entries!).map((v) => JSON.stringify(v)).join(', ')}`;
		case 'tuple': {
			const items = def.items!;
			const same = items.every((i) => expectedOf(i, true) === expectedOf(items[0]!, true));
			const count = NUMBER_WORDS[items.length] ?? String(items.length);
			// "a list of one number", "a list of two numbers".
			const kind = items.length === 1 ? expectedOf(items[0]!).replace(/^an? /, '') : expectedOf(items[0]!, true);
			return same ? `a list of ${count} ${kind}` : `a list of ${items.length} values`;
		}
		case 'union':
			return def.options!.map((o) => expectedOf(o, plural)).join(' or ');
		case 'object':
			return plural ? 'objects' : `an object with ${Object.keys(shapeOf(s)!).map((k) => `"${k}"`).join(', ')}`;
		default:
			return def.type;
	}
}

/** The schema of the field at `path` (through objects only), or null when there is none. */
export function schemaAt(path: readonly PropertyKey[], schema: Schema = modelConfigSchema): Schema | null {
	let s: Schema | null = schema;
	for (const key of path) {
		const shape: Record<string, Schema> | null = s ? shapeOf(s) : null;
		if (shape) {
			s = Object.hasOwn(shape, String(key)) ? shape[String(key)]! : null;
			continue;
		}
		const def = s ? (core(s)._zod.def as { type: string; items?: Schema[] }) : null;
		s = def?.type === 'tuple' && typeof key === 'number' ? (def.items![key] ?? null) : null;
	}
	return s;
}
