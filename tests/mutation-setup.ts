/**
 * Loaded before every test file in mutation runs only (vitest.mutation.config.ts).
 *
 * Four modules build a table on first use and keep it: the classical-filter templates, the colormap
 * palettes, the float16 decoding table and the ImageNet class names. Stryker's per-test coverage credits
 * the code that builds such a table to whichever test happened to call it first, and then runs only that
 * test against a mutant there: a broken Gabor template would "survive" because a Laplacian test passed.
 * Built here, outside any test, that code is covered statically, so Stryker runs every related test
 * against its mutants (switched on before this file runs, so the table is built mutated).
 *
 * The imports are dynamic, with computed specifiers, on purpose: Vitest would otherwise count this file's
 * imports as every test file's, and "related tests" of these four modules would become the whole suite.
 */
const load = (path: string) => import(/* @vite-ignore */ new URL(path, import.meta.url).href);

const { templatesFor } = await load('../src/analysis/templates.ts');
const { float16ToFloat32 } = await load('../src/reader/half.ts');
const { palette } = await load('../src/render/colormap.ts');
const { labels } = await load('../src/render/labels.ts');

// Every kernel size the tests analyse: a size first built inside a test would be credited to that test alone.
for (const [h, w] of [[1, 1], [1, 3], [1, 5], [1, 7], [2, 2], [3, 3], [4, 4], [5, 5], [7, 7], [9, 9], [11, 11]]) templatesFor(h, w);
palette('diverging');
palette('viridis');
float16ToFloat32(new Uint16Array(1));
labels('imagenet-1k');
