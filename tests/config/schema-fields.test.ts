/**
 * The schema read as fields, for schemas other than the model config's own: what a field expects in
 * words (the "expected …" of every config error), and the rows and output part of a small schema,
 * written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configFields, expectedOf, outputPart } from '../../src/config/schema-fields.ts';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ModelConfig } from '../../src/config/model-config.ts';
import { MINIMAL_CONFIG } from './minimal-config.ts';

describe('expectedOf', () => {
	it.each([
		['a text', z.string(), 'a text', 'texts'],
		['a URL', z.url(), 'a URL', 'URLs'],
		['a number', z.number(), 'a number', 'numbers'],
		['an integer', z.number().int(), 'a whole number', 'whole numbers'],
		['a boolean', z.boolean(), 'true or false', 'true or false'],
		['an enum', z.enum(['RGB', 'BGR']), 'one of "RGB", "BGR"', 'one of "RGB", "BGR"'],
		['an object', z.object({ ja: z.string(), en: z.string() }), 'an object with "ja", "en"', 'objects'],
		['a union', z.union([z.number(), z.string()]), 'a number or a text', 'numbers or texts'],
		['null, which has no words of its own', z.null(), 'null', 'null'],
		['an optional text with a default', z.string().default('x').optional(), 'a text', 'texts'],
	])('%s: %s, plural %s', (_, schema, one, many) => {
		expect(expectedOf(schema)).toBe(one);
		expect(expectedOf(schema, true)).toBe(many);
	});

	it('lists: the count in words up to four, the kind when every item is alike', () => {
		const n = (count: number) => z.tuple(Array.from({ length: count }, () => z.number()) as [z.ZodNumber]);
		expect(expectedOf(n(1))).toBe('a list of one number');
		expect(expectedOf(n(2))).toBe('a list of two numbers');
		expect(expectedOf(n(4))).toBe('a list of four numbers');
		expect(expectedOf(n(5))).toBe('a list of 5 numbers');
		expect(expectedOf(z.tuple([z.number(), z.string()]))).toBe('a list of 2 values');
		expect(expectedOf(z.tuple([z.string(), z.number(), z.number()]))).toBe('a list of 3 values');
	});

	it('a config error names the fields of an object written as something else', () => {
		expect(() => parseModelConfig('models/x.json', JSON.stringify({ ...MINIMAL_CONFIG, title: 'Net' }))).toThrow(
			'models/x.json: field "title": expected an object with "ja", "en", got "Net". See "Add your model" in README.md for every field',
		);
	});
});

describe('configFields and outputPart of a small schema', () => {
	const schema = z.object({
		name: z.string(),
		look: z.object({ size: z.number().meta({ description: 'side', output: true }), note: z.string().optional() }).optional(),
		tags: z.object({ a: z.string(), b: z.string() }).default({ a: 'x', b: 'y' }),
		mode: z.string().default('fast').optional(),
	});

	it('rows without a description or ja are empty texts; an object with one described part is opened', () => {
		expect(configFields(schema).map(({ schema: _, ...row }) => row)).toEqual([
			{ path: 'name', names: ['name'], required: true, default: undefined, description: '', ja: '', output: undefined },
			{ path: 'look.size', names: ['look.size'], required: false, default: undefined, description: 'side', ja: '', output: true },
			{ path: 'look.note', names: ['look.note'], required: false, default: undefined, description: '', ja: '', output: undefined },
			{ path: 'tags', names: ['tags.a', 'tags.b'], required: false, default: { a: 'x', b: 'y' }, description: '', ja: '', output: undefined },
			// The default inside the optional wrapper is found.
			{ path: 'mode', names: ['mode'], required: false, default: 'fast', description: '', ja: '', output: undefined },
		]);
	});

	it('the output part reads through an absent optional object as undefined', () => {
		const config = { name: 'n', tags: { a: 'x', b: 'y' } } as unknown as ModelConfig;
		expect(outputPart(config, schema)).toEqual({ name: 'n', 'look.size': undefined, 'look.note': undefined, tags: { a: 'x', b: 'y' }, mode: undefined });
	});
});
