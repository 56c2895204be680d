/**
 * The code version of the model stages: a digest of every source file of the reader, analysis, render
 * and pipeline stages, plus their declared versions. Any edit to that code invalidates the cache, so
 * a fix never leaves stale images behind, and nothing depends on someone remembering to bump a number.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_VERSION } from '../analysis/index.ts';
import { RENDERER_VERSION } from '../render/index.ts';
import { PIPELINE_VERSION } from './cache.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const STAGES = ['reader', 'analysis', 'render', 'pipeline', 'config'];

function sourceDigest(): string {
	const hash = createHash('sha256');
	for (const stage of STAGES) {
		const dir = join(SRC, stage);
		for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort()) {
			hash.update(`${stage}/${file}\0`).update(readFileSync(join(dir, file))).update('\0');
		}
	}
	return hash.digest('hex').slice(0, 16);
}

export const STAGE_VERSIONS: Record<string, string | number> = {
	pipeline: PIPELINE_VERSION,
	analysis: ANALYSIS_VERSION,
	renderer: RENDERER_VERSION,
	source: sourceDigest(),
};
