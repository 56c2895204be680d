// Plain JavaScript, so it needs no type stripping: turns on Node's compile cache in this thread (as
// bin/kernel-atlas.mjs does in the main one), then loads the worker's TypeScript from the cache.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('./analysis-worker.ts');
