/**
 * `npm run schema`: writes models/model-config.schema.json and the config field tables of the README and
 * the authors' guides from the schema in src/config/model-config.ts. Run it after changing a field;
 * tests/config/schema-docs.test.ts fails while any of them is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { JSON_SCHEMA_FILE, TABLE_FILES, configJsonSchema, fieldTable, withFieldTable } from '../src/config/schema-docs.ts';

const written: string[] = [];
function write(path: string, text: string): void {
	if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
	writeFileSync(path, text);
	written.push(path);
}

write(JSON_SCHEMA_FILE, `${JSON.stringify(configJsonSchema(), null, '\t')}\n`);
for (const { path, lang } of TABLE_FILES) write(path, withFieldTable(path, readFileSync(path, 'utf8'), fieldTable(lang)));
console.error(written.length ? `schema: wrote ${written.join(', ')}` : 'schema: everything was up to date');
