/**
 * `npm run fixtures`: writes the generated ONNX fixtures (tests/fixtures/catalog*.ts, bad-fixtures.ts)
 * into tests/fixtures/generated/ (gitignored). The reader tests call ensureFixtures(), which does the
 * same only when the folder is missing or was made from older fixture sources.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../tests/fixtures/onnx-builder.ts';
import { FIXTURES_A } from '../tests/fixtures/catalog.ts';
import { FIXTURES_B } from '../tests/fixtures/catalog-ops.ts';
import { BAD_FIXTURES } from '../tests/fixtures/bad-fixtures.ts';
import { ensureGenerated, regenerate, type GeneratedDir } from './generated.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where the fixtures go. */
export const GENERATED_DIR = join(root, 'tests/fixtures/generated');
/** Every good fixture, in catalog order. */
export const FIXTURES = [...FIXTURES_A, ...FIXTURES_B];
const SOURCES = ['tests/fixtures/onnx-builder.ts', 'tests/fixtures/catalog.ts', 'tests/fixtures/catalog-ops.ts', 'tests/fixtures/bad-fixtures.ts', 'src/reader/onnx/wire-writer.ts', 'scripts/make-fixtures.ts'];

/** Writes every fixture into `dir`. */
function writeAll(dir: string): void {
	for (const sub of ['ext', 'hostile', 'corrupt']) mkdirSync(join(dir, sub), { recursive: true });
	for (const fixture of FIXTURES) {
		const built = buildModel(fixture.spec);
		writeFileSync(join(dir, `${fixture.name}.onnx`), built.bytes);
		for (const [location, bytes] of built.external) writeFileSync(join(dir, location), bytes);
	}
	writeFileSync(join(dir, 'secret.bin'), 'not for models to read\n');
	for (const bad of BAD_FIXTURES) bad.make(dir);
}

const TARGET: GeneratedDir = { dir: GENERATED_DIR, sources: SOURCES.map((f) => join(root, f)), write: writeAll };

/** Regenerates the fixtures in a scratch folder and swaps it in, so readers never see a half-written set. */
export function makeFixtures(): void {
	regenerate(TARGET);
}

/** Makes the fixtures unless an up-to-date set is already there (see scripts/generated.ts). */
export function ensureFixtures(): string {
	return ensureGenerated(TARGET);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	makeFixtures();
	console.log(`wrote ${FIXTURES.length} fixtures and ${BAD_FIXTURES.length} hostile/corrupt files to ${GENERATED_DIR}`);
}
