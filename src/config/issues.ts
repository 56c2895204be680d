/**
 * zod's issues about a config, in words a person understands: one line per problem, naming the field,
 * what it expects and what it got, with the right name for a misspelt key.
 */
import type { z } from 'zod';
import { expectedOf, schemaAt, shapeOf } from './schema-fields.ts';

/**
 * Passed to `safeParse` as its error map: marks the messages zod would write itself, so that
 * `describeIssues` writes its own; a message the schema sets (`'expected an http:// or https:// URL'`)
 * is kept as written.
 */
export const OWN_MESSAGE = '\u0000own';

/**
 * One line per problem in `data`: unknown keys first, then the rest in the schema's order; a missing field
 * that a misspelt key stands for is not repeated.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
	const suggested = new Set<string>();
	const unknown = issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? [describeUnknownKeys(issue, suggested)] : []));
	const rest = issues.flatMap((issue) => {
		if (issue.code === 'unrecognized_keys') return [];
		const field = fieldName(issue.path);
		const value = valueAt(data, issue.path);
		if (value === undefined && suggested.has(dotted(issue.path))) return [];
		return [`${field}: ${describe(issue, value)}`];
	});
	// Unknown keys first: a misspelt key is usually the one thing to fix. Once each: zod reports a list
	// given for a text twice (not a text, and too short), in the same words here.
	return [...new Set([...unknown, ...rest])];
}

function fieldName(path: readonly PropertyKey[]): string {
	return path.length === 0 ? 'the config' : `field "${dotted(path)}"`;
}

/** `preprocess.size[0]`: list positions as JavaScript and the placeholder check write them. */
function dotted(path: readonly PropertyKey[]): string {
	return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
	const schema = schemaAt(issue.path);
	const expected = issue.path.length === 0 ? 'a JSON object of fields' : schema ? expectedOf(schema) : 'nothing here';
	if (value === undefined && issue.code === 'invalid_type') return `missing; expected ${expected}`;
	if (issue.message !== OWN_MESSAGE) {
		// A message the schema wrote; add the value unless it already names it.
		return value !== undefined && issue.message.includes(preview(value, 200)) ? issue.message : `${issue.message}, got ${shown(value)}`;
	}
	switch (issue.code) {
		case 'too_small':
		case 'too_big': {
			if (issue.origin === 'string' && issue.code === 'too_small') return 'must not be empty';
			if (issue.origin !== 'number') return `expected ${expected}, got ${shown(value)}`;
			const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
			const word = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'above') : issue.inclusive ? 'at most' : 'below';
			return `expected ${expected} ${word} ${bound}, got ${shown(value)}`;
		}
		default:
			return `expected ${expected}, got ${shown(value)}`;
	}
}

/** A value as JSON, shortened: enough to find it in the file (and safe for a list nested 100,000 deep). */
export function shown(value: unknown): string {
	if (value === undefined) return 'nothing';
	const kind = Array.isArray(value) ? 'a list ' : value !== null && typeof value === 'object' ? 'an object ' : '';
	const json = preview(value, 61);
	return `${kind}${json.length > 60 ? `${json.slice(0, 57)}…` : json}`;
}

/** JSON of `value`, stopping once `budget` characters are written. */
function preview(value: unknown, budget: number): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
	const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value).map(([k, v]) => [`${JSON.stringify(k)}:`, v] as const);
	let out = Array.isArray(value) ? '[' : '{';
	for (const [i, [key, v]] of entries.entries()) {
		if (out.length >= budget) break;
		out += `${i ? ',' : ''}${key}${preview(v, budget - out.length)}`;
	}
	return out.length >= budget ? out : out + (Array.isArray(value) ? ']' : '}');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
	let v = data;
	for (const key of path) {
		if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
		v = (v as Record<PropertyKey, unknown>)[key];
	}
	return v;
}

function describeUnknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys, suggested: Set<string>): string {
	const field = dotted(issue.path);
	const where = field ? ` in "${field}"` : '';
	const schema = schemaAt(issue.path);
	const known = Object.keys((schema && shapeOf(schema)) ?? {});
	const keys = issue.keys.map((k) => {
		const near = closest(k, known);
		if (near) suggested.add(dotted([...issue.path, near]));
		return near ? `${JSON.stringify(k)} (did you mean "${near}"?)` : JSON.stringify(k);
	});
	return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys.join(', ')}${where}`;
}

/** The known name within a small edit distance of a misspelt one (licence → license), or null. */
function closest(name: string, known: string[]): string | null {
	let best: string | null = null;
	let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
	for (const candidate of known) {
		const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
		if (d < bestDistance) [best, bestDistance] = [candidate, d];
	}
	return best;
}

function editDistance(a: string, b: string): number {
	let row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const next = [i];
		for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		row = next;
	}
	return row[b.length]!;
}
