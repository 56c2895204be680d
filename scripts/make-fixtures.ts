/**
 * `npm run fixtures`: writes the generated ONNX fixtures (tests/fixtures/catalog*.ts, bad-fixtures.ts)
 * into tests/fixtures/generated/ (gitignored). The reader tests call ensureFixtures(), which does the
 * same only when the folder is missing or was made from older fixture sources.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../tests/fixtures/onnx-builder.ts';
import { FIXTURES_A } from '../tests/fixtures/catalog.ts';
import { FIXTURES_B } from '../tests/fixtures/catalog-ops.ts';
import { BAD_FIXTURES } from '../tests/fixtures/bad-fixtures.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where the fixtures go. */
export const GENERATED_DIR = join(root, 'tests/fixtures/generated');
/** Every good fixture, in catalog order. */
export const FIXTURES = [...FIXTURES_A, ...FIXTURES_B];
const SOURCES = ['tests/fixtures/onnx-builder.ts', 'tests/fixtures/catalog.ts', 'tests/fixtures/catalog-ops.ts', 'tests/fixtures/bad-fixtures.ts', 'src/reader/onnx/wire-writer.ts', 'scripts/make-fixtures.ts'];

/** A digest of the sources the fixtures are made from, stored next to them. */
function stamp(): string {
	const hash = createHash('sha256');
	for (const file of SOURCES) hash.update(readFileSync(join(root, file)));
	return hash.digest('hex');
}

/** Writes every fixture into `dir` (which must not exist yet). */
function writeAll(dir: string): void {
	for (const sub of ['', 'ext', 'hostile', 'corrupt']) mkdirSync(join(dir, sub), { recursive: true });
	for (const fixture of FIXTURES) {
		const built = buildModel(fixture.spec);
		writeFileSync(join(dir, `${fixture.name}.onnx`), built.bytes);
		for (const [location, bytes] of built.external) writeFileSync(join(dir, location), bytes);
	}
	writeFileSync(join(dir, 'secret.bin'), 'not for models to read\n');
	for (const bad of BAD_FIXTURES) bad.make(dir);
	writeFileSync(join(dir, 'STAMP'), stamp());
}

/** Regenerates the fixtures in a scratch folder and swaps it in, so readers never see a half-written set. */
export function makeFixtures(): void {
	const scratch = `${GENERATED_DIR}.tmp-${process.pid}`;
	rmSync(scratch, { recursive: true, force: true });
	writeAll(scratch);
	const old = `${GENERATED_DIR}.old-${process.pid}`;
	if (existsSync(GENERATED_DIR)) renameSync(GENERATED_DIR, old);
	try {
		renameSync(scratch, GENERATED_DIR);
	} catch {
		rmSync(scratch, { recursive: true, force: true }); // another process won the race with the same files
	}
	rmSync(old, { recursive: true, force: true });
}

/**
 * Makes the fixtures unless an up-to-date set is already there. Test files run in parallel workers, so
 * one of them regenerates (holding a lock folder) while the others wait for it.
 */
export function ensureFixtures(): string {
	const current = join(GENERATED_DIR, 'STAMP');
	const fresh = () => existsSync(current) && readFileSync(current, 'utf8') === stamp();
	const lock = `${GENERATED_DIR}.lock`;
	for (const deadline = Date.now() + 60_000; !fresh(); ) {
		try {
			mkdirSync(lock);
		} catch {
			const held = statSync(lock, { throwIfNoEntry: false });
			// A lock older than a minute belongs to a process that died while generating.
			if (Date.now() > deadline || (held && Date.now() - held.mtimeMs > 60_000)) rmSync(lock, { recursive: true, force: true });
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // sleep 100 ms
			continue;
		}
		try {
			if (!fresh()) makeFixtures();
		} finally {
			rmSync(lock, { recursive: true, force: true });
		}
	}
	return GENERATED_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	makeFixtures();
	console.log(`wrote ${FIXTURES.length} fixtures and ${BAD_FIXTURES.length} hostile/corrupt files to ${GENERATED_DIR}`);
}
