/**
 * The errors a bad config becomes: one line per problem, each naming the file, the hint ending the last;
 * user errors to the CLI (printed as lines, not a stack trace), and named in `String(error)`.
 */
import { describe, expect, it } from 'vitest';
import { isUserError, userErrorLines } from '../../src/cli/errors.ts';
import { ConfigError, ConfigErrors } from '../../src/config/errors.ts';

describe('ConfigError and ConfigErrors', () => {
	const one = new ConfigError('models/a.json', ['field "task": must not be empty', 'field "author": must not be empty'], 'Fix them');
	const two = new ConfigError('models/b.json', 'is not valid JSON (Unexpected end of JSON input)', 'Fix the JSON syntax');

	it('a config error: one line per problem naming the file, the hint after the last, the message the lines', () => {
		expect(one.lines).toEqual(['models/a.json: field "task": must not be empty', 'models/a.json: field "author": must not be empty. Fix them']);
		expect(one.message).toBe('models/a.json: field "task": must not be empty\nmodels/a.json: field "author": must not be empty. Fix them');
		expect(String(two)).toBe('ConfigError: models/b.json: is not valid JSON (Unexpected end of JSON input). Fix the JSON syntax');
	});

	it('several files: every line of each, in order, in the message too', () => {
		const both = new ConfigErrors([one, two]);
		const lines = [...one.lines, ...two.lines];
		expect(both.lines).toEqual(lines);
		expect(String(both)).toBe(`ConfigErrors: ${lines.join('\n')}`);
	});

	it('both are user errors, which the CLI prints line by line', () => {
		expect(isUserError(one) && userErrorLines(one)).toEqual(one.lines);
		const both = new ConfigErrors([one, two]);
		expect(isUserError(both) && userErrorLines(both)).toEqual([...one.lines, ...two.lines]);
	});
});
