/**
 * What `npm run schema` writes from the config schema: the JSON Schema editors and validators read
 * (`models/model-config.schema.json`), and the field tables of the README and the authors' guides,
 * between marker comments. Tests compare the files with these, so a stale copy fails.
 */
import { z } from 'zod';
import { modelConfigSchema, SCHEMA_FILE_NAME } from './model-config.ts';
import { configFields, core, type ConfigField } from './schema-fields.ts';

/** Where the JSON Schema is written, relative to the project root; configs in models/ name it in `$schema`. */
export const JSON_SCHEMA_FILE = `models/${SCHEMA_FILE_NAME}`;
/** What a config in `models/` writes as its `$schema`. */
export const SCHEMA_REFERENCE = `./${SCHEMA_FILE_NAME}`;

/** The JSON Schema (draft 2020-12) of a config as an author writes it (defaults are optional). */
export function configJsonSchema(): Record<string, unknown> {
	return z.toJSONSchema(modelConfigSchema, {
		io: 'input',
		// The source's own check (hf: form, schemes) cannot be written in JSON Schema; zod still runs it.
		unrepresentable: 'any',
		override: ({ jsonSchema }) => {
			// Our own metadata is for the tables and the cache key, not a JSON Schema keyword.
			delete jsonSchema.ja;
			delete jsonSchema.output;
		},
	}) as Record<string, unknown>;
}

export type Lang = 'en' | 'ja';

const WORDS = {
	en: {
		header: ['field', 'meaning'],
		required: 'required',
		optional: 'optional',
		default: (v: string) => `default ${v}`,
		sep: ', ',
		or: ' or ',
		text: 'text',
		integer: 'integer',
		number: 'number',
		boolean: '`true` or `false`',
		url: 'URL',
		output: "**Fields that change the model's output.** What the build computes for a model (kernels, analysis, images) depends on them, so editing one makes the next build process the model again:",
		pages: '**Other fields.** They do not change what the build computes for a model (they are texts for the pages, or say how to download and check the file), so the next build reuses its results:',
	},
	ja: {
		header: ['項目', '意味'],
		required: '必須',
		optional: '省略可',
		default: (v: string) => `既定値 ${v}`,
		sep: '・',
		or: '／',
		text: '文字列',
		integer: '整数',
		number: '数値',
		boolean: '`true`／`false`',
		url: 'URL',
		output: '**モデルの出力が変わる項目**：ビルドがモデルから計算するもの（カーネル、分析、画像）がこの値で決まるため、変えると次のビルドでモデルを処理し直します。',
		pages: '**そのほかの項目**：ビルドがモデルから計算する内容は変わりません（ページに載る文章や、ファイルのダウンロードと検証のための項目です）。次のビルドは計算済みの結果をそのまま使います。',
	},
} as const;

/** The kind of value a field takes, in the table's words. */
function typeName(schema: z.core.$ZodType, lang: Lang): string {
	const w = WORDS[lang];
	const s = core(schema);
	const def = s._zod.def as { type: string; format?: string; items?: z.core.$ZodType[]; options?: z.core.$ZodType[]; entries?: Record<string, string> };
	const format = (s as { format?: string | null }).format ?? def.format;
	switch (def.type) {
		case 'string':
			return format === 'url' ? w.url : w.text;
		case 'number':
			return format === 'safeint' ? w.integer : w.number;
		case 'boolean':
			return w.boolean;
		case 'enum':
			return Object.values(def.entries!).map((v) => `\`"${v}"\``).join(w.or);
		case 'tuple':
			return `[${def.items!.map((i) => typeName(i, lang).replace(/`/g, '')).join(', ')}]`;
		case 'union':
			return def.options!.map((o) => typeName(o, lang)).join(w.or);
		case 'object':
			// A group shown as one row (title: ja and en) is a text in each part.
			return [...new Set(Object.values((def as unknown as { shape: Record<string, z.core.$ZodType> }).shape).map((p) => typeName(p, lang)))].join(w.or);
		default:
			return def.type;
	}
}

/** The value cell: its kind, and required, its default or optional. */
function valueText(field: ConfigField, lang: Lang): string {
	const w = WORDS[lang];
	const presence = field.required ? w.required : field.default === undefined ? w.optional : w.default(`\`${JSON.stringify(field.default).replace(/,/g, ', ')}\``);
	return `${typeName(field.schema, lang)}${w.sep}${presence}`;
}

/** The meaning cell: the kind of value, whether it is required, its default; then what it does. */
function meaning(field: ConfigField, lang: Lang): string {
	// Bold, not italic, in Japanese: slanted kana and kanji are a faked style.
	if (lang === 'ja') return `**${valueText(field, lang)}**：${field.ja}`;
	return `*${valueText(field, lang)}.* ${field.description.replace(/^[a-z]/, (c) => c.toUpperCase())}`;
}

/** A table cell: pipes escaped, and no braces or angle brackets MDX would read as code. */
function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/[{}<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The Markdown tables of every config field in `lang`: those that change the model's output (and so
 * the build's cache key), then those only the pages use.
 */
export function fieldTable(lang: Lang): string {
	const w = WORDS[lang];
	const table = (fields: ConfigField[]) =>
		[
			`| ${w.header.join(' | ')} |`,
			`|${w.header.map(() => '---').join('|')}|`,
			...fields.map((f) => `| ${f.names.map((n) => `\`${n}\``).join(', ')} | ${cell(meaning(f, lang))} |`),
		].join('\n');
	const fields = configFields();
	// Unmarked counts as output-affecting, as in the cache key.
	const output = fields.filter((f) => f.output !== false);
	const pages = fields.filter((f) => f.output === false);
	return [w.output, table(output), w.pages, table(pages)].join('\n\n');
}

/** The files whose field table is generated, and their language. */
export const TABLE_FILES: readonly { path: string; lang: Lang }[] = [
	{ path: 'README.md', lang: 'en' },
	{ path: 'content/docs/en/guides/add-a-model.mdx', lang: 'en' },
	{ path: 'content/docs/guides/add-a-model.mdx', lang: 'ja' },
];

const START = 'config-fields:start (generated by npm run schema from src/config/model-config.ts; edit the schema, not this table)';
const END = 'config-fields:end';

/**
 * `text` with the generated table between its markers: HTML comments in Markdown, `{/* … *\/}` in MDX
 * (where an HTML comment is a syntax error).
 */
export function withFieldTable(path: string, text: string, table: string): string {
	const [open, close] = path.endsWith('.mdx') ? ['{/* ', ' */}'] : ['<!-- ', ' -->'];
	const start = `${open}${START}${close}`;
	const end = `${open}${END}${close}`;
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	if (from < 0 || to < from) throw new Error(`${path}: no ${start} … ${end} markers for the config field table; put them where the table goes`);
	return `${text.slice(0, from + start.length)}\n\n${table}\n\n${text.slice(to)}`;
}
