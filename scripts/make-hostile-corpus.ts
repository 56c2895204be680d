/**
 * `npm run corpus`: writes the hostile-input corpus (tests/fixtures/corpus/*-cases.ts) into
 * tests/fixtures/generated-corpus/ (gitignored): `<format>/<id>/` per case, `secret.bin` (what every
 * escape tries to reach) and `manifest.json` (every case's id, format, file and pinned outcome, for people
 * and as fuzzing seeds). tests/hostile/ calls ensureCorpus(), which regenerates only when a source changed.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, SECRET, isModelCase, type CorpusCase } from '../tests/fixtures/corpus/index.ts';
import { put } from '../tests/fixtures/corpus/bytes.ts';
import { ensureGenerated, regenerate, type GeneratedDir } from './generated.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where the corpus goes. */
export const CORPUS_DIR = join(root, 'tests/fixtures/generated-corpus');

/** The folder of one case. */
export function caseDir(c: CorpusCase, dir = CORPUS_DIR): string {
	return join(dir, c.format, c.id);
}

/** Every source the corpus is made from: the case tables, the writers they use, and this script. */
function sources(): string[] {
	const fixtures = join(root, 'tests/fixtures');
	const tables = readdirSync(join(fixtures, 'corpus')).map((f) => join(fixtures, 'corpus', f));
	const writers = readdirSync(fixtures).filter((f) => f.endsWith('.ts')).map((f) => join(fixtures, f));
	const references = readdirSync(join(fixtures, 'checkpoints')).map((f) => join(fixtures, 'checkpoints', f));
	const others = ['tests/pipeline/make-cnn.ts', 'src/reader/onnx/wire-writer.ts', 'scripts/make-hostile-corpus.ts'].map((f) => join(root, f));
	return [...tables, ...writers, ...references, ...others].sort();
}

/** How a case's pinned outcome reads in the manifest. */
function describeOutcome(c: CorpusCase): unknown {
	// Regular expressions read as their source; everything else is plain data already.
	return JSON.parse(JSON.stringify(c.expected, (_, value: unknown) => (value instanceof RegExp ? String(value) : value)));
}

function writeCorpus(dir: string): void {
	const ids = new Set<string>();
	put(dir, 'secret.bin', SECRET);
	for (const c of CORPUS) {
		if (ids.has(c.id)) throw new Error(`corpus: two cases are called ${c.id}`);
		ids.add(c.id);
		mkdirSync(caseDir(c, dir), { recursive: true });
		c.make(caseDir(c, dir));
	}
	const manifest = CORPUS.map((c) => ({ id: c.id, format: c.format, about: c.about, ...(isModelCase(c) ? { file: c.file } : {}), expected: describeOutcome(c) }));
	writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
}

const TARGET: GeneratedDir = { dir: CORPUS_DIR, sources: sources(), write: writeCorpus };

/** Writes the corpus unless an up-to-date one is there; returns its folder. */
export function ensureCorpus(): string {
	return ensureGenerated(TARGET);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	regenerate(TARGET);
	const counts = Object.entries(Object.groupBy(CORPUS, (c) => c.format)).map(([format, cases]) => `${cases!.length} ${format}`);
	console.log(`wrote ${CORPUS.length} cases (${counts.join(', ')}) to ${CORPUS_DIR}`);
}
