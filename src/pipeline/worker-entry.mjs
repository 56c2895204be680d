// Every worker thread starts here: plain JavaScript, so it needs no type stripping. It turns on Node's
// compile cache in this thread (as bin/kernel-atlas.mjs does in the main one), then loads the worker's
// TypeScript module, given as the thread's first argument, from that cache: without it each thread
// loads the TypeScript stripper and strips every module again (about 40 ms of CPU per thread).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import(process.argv[2]);
