/**
 * The code version of the model stages: a digest of every source and data file (`.ts`, and `.json` such
 * as the ImageNet class names) of the reader, analysis, render, pipeline and config code. Any edit to that code
 * invalidates the cache, so a fix never leaves stale images behind, and nothing depends on someone
 * remembering to bump a number. Reading the files costs a few milliseconds; importing the stages just
 * for their version constants would cost far more (sharp).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PIPELINE_VERSION } from './cache.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const STAGES = ['reader', 'analysis', 'render', 'pipeline', 'config'];

function sourceDigest(): string {
	const hash = createHash('sha256');
	for (const stage of STAGES) {
		const dir = join(SRC, stage);
		for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') || f.endsWith('.json')).sort()) {
			hash.update(`${stage}/${file}\0`).update(readFileSync(join(dir, file))).update('\0');
		}
	}
	return hash.digest('hex').slice(0, 16);
}

export const STAGE_VERSIONS: Record<string, string | number> = {
	pipeline: PIPELINE_VERSION,
	source: sourceDigest(),
};
