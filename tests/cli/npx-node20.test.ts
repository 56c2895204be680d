/**
 * The README's promise for `npx kernel-atlas` started from the machine's Node 20 with npm 11: the
 * command's own one line, nothing from npm. npx installs the project into its cache on the first call
 * in a checkout, and npm then checks the project's `engines` against the Node npm runs on (20, not the
 * project's Node 24): an `engines.node` of >=22.12 printed two EBADENGINE blocks (10 lines) there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** npm 11 runs on Node ^20.17.0 || >=22.9.0: the oldest Node that starts the project (it brings Node 24 itself). */
const NPM11_MIN_NODE = [20, 17];

// The machine's own Node and npx: PATH without node_modules/.bin, where npm puts the project's Node 24.
const systemPath = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.includes('node_modules')).join(delimiter);
const npx = systemPath.split(delimiter).map((p) => join(p, 'npx')).find((p) => existsSync(p));
const systemNode = spawnSync('node', ['--version'], { env: { ...process.env, PATH: systemPath }, encoding: 'utf8' }).stdout?.trim() ?? '';
const cache = mkdtempSync(join(tmpdir(), 'atlas-npm-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('npx kernel-atlas from Node 20', () => {
	it('package.json engines admits every Node that npm 11 runs on', () => {
		const range = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string;
		const min = /^>=(\d+)\.(\d+)$/.exec(range);
		expect(min, `engines.node "${range}" is a plain >= range`).not.toBeNull();
		expect(Number(min![1]) * 1000 + Number(min![2])).toBeLessThanOrEqual(NPM11_MIN_NODE[0]! * 1000 + NPM11_MIN_NODE[1]!);
	});

	it.runIf(npx && /^v20\./.test(systemNode))(`prints only its own one-line error, on its first call in a checkout (system ${systemNode})`, () => {
		// A fresh npm cache: the first call is the one where npx installs the project and checks engines.
		const result = spawnSync(npx!, ['kernel-atlas', 'inspect', 'nope.onnx'], {
			env: { ...process.env, PATH: systemPath, npm_config_cache: cache, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
			encoding: 'utf8',
			timeout: 60_000,
		});
		expect(result.stderr).toBe('kernel-atlas: nope.onnx: no such file. Check the path to the model file\n');
		expect(result.status).toBe(1);
	});
});
