/**
 * `npm run mutation:changed [-- BASE]`: mutation testing of only the source files changed since BASE
 * (default `main`), committed or not, that `npm run mutation` covers. Minutes instead of hours, for a
 * check before a commit; the full run is `npm run mutation` (scores in README.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const MUTATED = /^(src\/(reader|analysis|render|pipeline|config)\/.*|scripts\/[^/]*)\.ts$/;
const base = process.argv[2] ?? 'main';
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
// Since the common ancestor, so commits on BASE after the branch point do not count as changes here.
const since = git('merge-base', base, 'HEAD')[0]!;
const changed = [...new Set([...git('diff', '--name-only', since), ...git('ls-files', '--others', '--exclude-standard')])]
	.filter((f) => MUTATED.test(f) && existsSync(f))
	.sort();
if (changed.length === 0) {
	console.error(`mutation: no mutated source file changed since ${base}`);
	process.exit(0);
}
console.error(`mutation: ${changed.length} file(s) changed since ${base}: ${changed.join(', ')}`);
// Its own incremental file (MUTATION_FOLDER=changed): a folder's kept file would be rewritten with these files alone.
const stryker = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', '--mutate', changed.join(',')], {
	stdio: 'inherit',
	env: { ...process.env, MUTATION_FOLDER: 'changed' },
});
process.exit(stryker.status ?? 1);
