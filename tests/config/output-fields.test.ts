/**
 * The build's cache key holds the config fields the schema marks as changing a model's output
 * (`output: true` in src/config/model-config.ts): a change to one re-processes the model, a change to
 * any other field (the texts, the credits) reuses the cache, and a field nobody marked counts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ModelConfig } from '../../src/config/model-config.ts';
import { configFields, outputPart } from '../../src/config/schema-fields.ts';
import { cacheKey } from '../../src/pipeline/cache.ts';
import { MINIMAL_CONFIG } from './minimal-config.ts';

const base = MINIMAL_CONFIG;

const key = (fields: Record<string, unknown>) => {
	const config = parseModelConfig('models/net.json', JSON.stringify({ ...base, ...fields }));
	return cacheKey({ modelSha256: 'a'.repeat(64), config: outputPart(config), versions: { reader: 'r' } });
};

/** A changed value for each field, and whether the model's kernels, analysis or images depend on it. */
const CHANGES: Record<string, { change: Record<string, unknown>; output: boolean }> = {
	source: { change: { source: 'other.onnx' }, output: true },
	'preprocess.size': { change: { preprocess: { size: [32, 32] } }, output: true },
	'preprocess.colorOrder': { change: { preprocess: { colorOrder: 'BGR' } }, output: true },
	'preprocess.scale': { change: { preprocess: { scale: 1 } }, output: true },
	'preprocess.mean': { change: { preprocess: { mean: [104, 117, 123] } }, output: true },
	'preprocess.std': { change: { preprocess: { std: [1, 1, 1] } }, output: true },
	'preprocess.interpolation': { change: { preprocess: { interpolation: 'bicubic' } }, output: true },
	'preprocess.cropPct': { change: { preprocess: { cropPct: 0.875 } }, output: true },
	'limits.galleryLayers': { change: { limits: { galleryLayers: 3 } }, output: true },
	'limits.maxLayers': { change: { limits: { maxLayers: 2 } }, output: true },
	labels: { change: { labels: 'imagenet-1k' }, output: true },
	title: { change: { title: { ja: '別', en: 'Other' } }, output: false },
	description: { change: { description: { ja: '別の説明', en: 'Other' } }, output: false },
	sha256: { change: { sha256: 'b'.repeat(64) }, output: false },
	optional: { change: { optional: true }, output: false },
	license: { change: { license: 'Apache-2.0' }, output: false },
	sourceUrl: { change: { sourceUrl: 'https://example.org/other' }, output: false },
	author: { change: { author: 'Someone else' }, output: false },
	task: { change: { task: 'text-detection' }, output: false },
	featured: { change: { featured: 1 }, output: false },
	credits: { change: { credits: { ja: '出典', en: 'Credits' } }, output: false },
	'paper.citation': { change: { paper: { citation: 'A. Author, 2024', url: 'https://arxiv.org/abs/1' } }, output: false },
	'paper.url': { change: { paper: { citation: 'x', url: 'https://arxiv.org/abs/2' } }, output: false },
	$schema: { change: { $schema: './model-config.schema.json' }, output: false },
};

describe('the cache key from the schema', () => {
	it('has every field of the schema marked, one way or the other (mark a new field in model-config.ts)', () => {
		const unmarked = configFields().filter((f) => typeof f.output !== 'boolean').map((f) => f.path);
		expect(unmarked).toEqual([]);
	});

	it('marks as output-affecting exactly the fields this test knows to be (add a new field to CHANGES)', () => {
		expect(Object.fromEntries(configFields().map((f) => [f.path, f.output]))).toEqual(Object.fromEntries(Object.entries(CHANGES).map(([path, c]) => [path, c.output])));
	});

	it.each(Object.entries(CHANGES))('%s: a change %s the key', (_, { change, output }) => {
		if (output) expect(key(change)).not.toBe(key({}));
		else expect(key(change)).toBe(key({}));
	});

	it('counts a field nobody marked, so that the cache can never miss it', () => {
		const schema = z.object({ kept: z.string().meta({ output: true }), text: z.string().meta({ output: false }), added: z.number() });
		const part = outputPart({ kept: 'a', text: 'b', added: 3 } as unknown as ModelConfig, schema);
		expect(part).toEqual({ kept: 'a', added: 3 });
	});

	it('covers every config field the model worker reads', () => {
		// The worker's code, read as text: a `config.X` it reads must be in the key.
		const files = ['src/pipeline/process-model.ts', 'src/pipeline/model-worker.ts', 'src/pipeline/classification.ts'];
		const read = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?<![\w/-])config\.(\w+)/g)].map((m) => m[1]!)));
		read.delete('id'); // the file name, not a field
		expect(read.size).toBeGreaterThan(0);
		const affecting = new Set(configFields().filter((f) => f.output !== false).map((f) => f.path.split('.')[0]));
		expect([...read].filter((name) => !affecting.has(name))).toEqual([]);
	});
});
