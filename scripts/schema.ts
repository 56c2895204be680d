/**
 * `npm run schema`: writes models/model-config.schema.json and the config field tables of the README and
 * the authors' guides from the schema in src/config/model-config.ts. Run it after changing a field;
 * tests/config/schema-docs.test.ts fails while any of them is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_SCHEMA_FILE, TABLE_FILES, configJsonSchema, fieldTable, withFieldTable } from '../src/config/schema-docs.ts';

/** Brings the schema file and the field tables under `root` up to date; returns the files it had to write. */
export function updateSchemaFiles(root = '.'): string[] {
	const written: string[] = [];
	const write = (path: string, text: string) => {
		const file = join(root, path);
		if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
		writeFileSync(file, text);
		written.push(path);
	};
	write(JSON_SCHEMA_FILE, `${JSON.stringify(configJsonSchema(), null, '\t')}\n`);
	for (const { path, lang } of TABLE_FILES) write(path, withFieldTable(path, readFileSync(join(root, path), 'utf8'), fieldTable(lang)));
	return written;
}

if (import.meta.main) {
	const written = updateSchemaFiles();
	console.error(written.length ? `schema: wrote ${written.join(', ')}` : 'schema: everything was up to date');
}
