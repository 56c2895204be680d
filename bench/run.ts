/**
 * `npm run bench [name…]`: runs every `bench/*.bench.ts` (or the named ones) in its own Node process,
 * one after another so they do not compete for the two cores, and prints what each reports.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
	.sort();
let failed = 0;
for (const file of benches) {
	console.log(`\n=== ${file} ===`);
	const result = spawnSync(process.execPath, ['--expose-gc', dir + file], { stdio: 'inherit' });
	if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
