/**
 * The JSON Schema and the field tables are generated from the zod schema (`npm run schema`): the
 * committed copies must be current, the default configs must pass an independent validator (ajv), and
 * what zod refuses the JSON Schema refuses too.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { configFileNames, parseModelConfig } from '../../src/config/load-configs.ts';
import { SCHEMA_FILE_NAME } from '../../src/config/model-config.ts';
import { configJsonSchema, fieldTable, JSON_SCHEMA_FILE, SCHEMA_REFERENCE, TABLE_FILES, withFieldTable } from '../../src/config/schema-docs.ts';
import { configFields } from '../../src/config/schema-fields.ts';
import { writeScaffold } from '../../src/cli/scaffold.ts';
import { MINIMAL_CONFIG } from './minimal-config.ts';
import { updateSchemaFiles } from '../../scripts/schema.ts';

const committedSchema = JSON.parse(readFileSync(JSON_SCHEMA_FILE, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(committedSchema);

const valid = MINIMAL_CONFIG;

describe('generated from the schema (run npm run schema when these fail)', () => {
	it(`${JSON_SCHEMA_FILE} is current`, () => {
		expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(`${JSON.stringify(configJsonSchema(), null, '\t')}\n`);
	});

	it.each(TABLE_FILES)('the field table in $path is current', ({ path, lang }) => {
		const text = readFileSync(path, 'utf8');
		expect(text).toBe(withFieldTable(path, text, fieldTable(lang)));
	});

	it('has one row per field, and the README and the English guide say the same of limits.maxLayers', () => {
		const row = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('| `limits.maxLayers` |'));
		expect(row('README.md')).toHaveLength(1);
		expect(row('README.md')).toEqual(row('content/docs/en/guides/add-a-model.mdx'));
		expect(row('README.md')[0]).toBe('| `limits.maxLayers` | *integer, optional.* Analyse and draw at most this many layers, in data-flow order (all when absent); the later layers are still listed |');
	});

	it('shows as default what the loader fills in when a field is absent, and as required what it refuses to miss', () => {
		const parsed = parseModelConfig('models/x.json', JSON.stringify(valid)) as unknown as Record<string, unknown>;
		const at = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], parsed);
		const readme = readFileSync('README.md', 'utf8');
		const table = readme.slice(readme.indexOf('<!-- config-fields:start'), readme.indexOf('<!-- config-fields:end'));
		const rows = table.split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split(' | '));
		expect(rows.length).toBe(configFields().length);
		for (const [names, cellText] of rows) {
			const path = names!.slice(3).split('`')[0]!;
			const top = path.split('.')[0]!;
			const without = { ...valid, [top]: undefined };
			const value = /^\*(.*?)\.\* /.exec(cellText!)![1]!;
			if (value.endsWith(', required')) {
				expect(() => parseModelConfig('models/x.json', JSON.stringify(without)), path).toThrow(`field "${top}`);
			} else if (value.endsWith(', optional')) {
				expect(at(path) ?? null, path).toBeNull();
			} else {
				const shown = /, default `(.*)`$/.exec(value)?.[1];
				expect(JSON.stringify(at(path)).replace(/,/g, ', '), path).toBe(shown);
			}
		}
	});
});

describe('npm run schema (scripts/schema.ts)', () => {
	it('rewrites a stale table and a missing schema file, keeps the rest of the text, and then has nothing to write', () => {
		const root = mkdtempSync(join(tmpdir(), 'atlas-schema-'));
		try {
			mkdirSync(join(root, 'models'));
			for (const { path } of TABLE_FILES) {
				mkdirSync(join(root, dirname(path)), { recursive: true });
				cpSync(path, join(root, path));
			}
			const readme = readFileSync('README.md', 'utf8');
			const stale = readme.replace('| `limits.maxLayers` |', '| `limits.maxLayerz` |');
			expect(stale).not.toBe(readme);
			writeFileSync(join(root, 'README.md'), stale);
			expect(updateSchemaFiles(root)).toEqual([JSON_SCHEMA_FILE, 'README.md']);
			expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readme);
			expect(JSON.parse(readFileSync(join(root, JSON_SCHEMA_FILE), 'utf8'))).toEqual(committedSchema);
			// Byte for byte as committed (tab-indented, one final newline), so a rerun leaves git status clean.
			expect(readFileSync(join(root, JSON_SCHEMA_FILE), 'utf8')).toBe(readFileSync(JSON_SCHEMA_FILE, 'utf8'));
			expect(updateSchemaFiles(root)).toEqual([]);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

describe('the JSON Schema', () => {
	const configs = configFileNames('models');

	it('is not taken for a config, and every config in models/ names it', () => {
		expect(configs).not.toContain(SCHEMA_FILE_NAME);
		expect(configs.length).toBeGreaterThanOrEqual(5);
		for (const name of configs) expect(JSON.parse(readFileSync(join('models', name), 'utf8')).$schema, name).toBe(SCHEMA_REFERENCE);
	});

	it.each(configs)('accepts models/%s', (name) => {
		expect(validate(JSON.parse(readFileSync(join('models', name), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
	});

	it('accepts a minimal config, as zod does', () => {
		expect(validate(valid)).toBe(true);
		expect(() => parseModelConfig('models/x.json', JSON.stringify(valid))).not.toThrow();
	});

	it.each([
		['a missing licence', { ...valid, license: undefined }],
		['a misspelt key', { ...valid, licence: 'MIT' }],
		['an unknown key deep inside', { ...valid, preprocess: { colour: 'BGR' } }],
		['a size written as text', { ...valid, preprocess: { size: '224' } }],
		['a size with three sides', { ...valid, preprocess: { size: [224, 224, 3] } }],
		['a side above 2048', { ...valid, preprocess: { size: [224, 4096] } }],
		['a fractional side', { ...valid, preprocess: { size: [224.5, 224] } }],
		['an unknown colour order', { ...valid, preprocess: { colorOrder: 'RGBA' } }],
		['a zero scale', { ...valid, preprocess: { scale: 0 } }],
		['a crop above 1', { ...valid, preprocess: { cropPct: 1.5 } }],
		['a short sha256', { ...valid, sha256: 'abc' }],
		['a title in one language', { ...valid, title: { ja: 'テスト' } }],
		['an empty author', { ...valid, author: '' }],
		['a source URL that is not a URL', { ...valid, sourceUrl: 'not a url' }],
		['a rank of 0', { ...valid, featured: 0 }],
		['a rank written as text', { ...valid, featured: '1' }],
		['no gallery layer', { ...valid, limits: { galleryLayers: 0 } }],
		['unknown labels', { ...valid, labels: 'coco' }],
		['optional as text', { ...valid, optional: 'yes' }],
		['a list', []],
	])('rejects %s, as zod does', (_, data) => {
		expect(validate(JSON.parse(JSON.stringify(data)))).toBe(false);
		expect(() => parseModelConfig('models/x.json', JSON.stringify(data))).toThrow(/^models\/x\.json: /);
	});
});

describe('kernel-atlas add', () => {
	it('names the JSON Schema in a config it writes beside it, and only there', () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-schema-'));
		writeScaffold({ path: join(dir, 'a.json'), shown: 'a.json' }, valid);
		expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).$schema).toBeUndefined();
		writeFileSync(join(dir, SCHEMA_FILE_NAME), '{}');
		writeScaffold({ path: join(dir, 'b.json'), shown: 'b.json' }, valid);
		expect(Object.keys(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')))[0]).toBe('$schema');
		expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).$schema).toBe(SCHEMA_REFERENCE);
	});
});
