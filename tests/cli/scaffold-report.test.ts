/**
 * What `kernel-atlas add` prints after writing a config, in-process (tests/cli/add.test.ts drives the
 * command in a child process). Reference: README.md, "Add your own model": each value with where it comes
 * from, guesses marked GUESS with where the right values are usually found, then the placeholders left.
 */
import { describe, expect, it } from 'vitest';
import { scaffoldReport } from '../../src/cli/scaffold.ts';
import type { ScaffoldFact } from '../../src/config/from-model.ts';
import { PLACEHOLDER_URL } from '../../src/config/placeholders.ts';

const size: ScaffoldFact = { field: 'preprocess.size', value: '[224, 224]', from: 'file', why: 'the input x is [1, 3, 224, 224]' };
const task: ScaffoldFact = { field: 'task', value: '(to fill in)', from: 'guess', why: 'the outputs y [1, 2] do not say' };
const config = { license: 'TODO: the licence', sourceUrl: PLACEHOLDER_URL, author: 'Ada' };

describe('scaffoldReport', () => {
	it('lines up each value with its provenance, says where guesses are checked, then what is left to write', () => {
		const lines = scaffoldReport(config as never, [size, task], ['1000 class scores']).split('\n');
		expect(lines[0]).toBe('What add filled in, and from where:');
		expect(lines[1]).toBe('  preprocess.size  [224, 224]    from the file: the input x is [1, 3, 224, 224]');
		expect(lines[2]).toBe('  task             (to fill in)  GUESS: the outputs y [1, 2] do not say');
		// README: "the model card, timm's pretrained_cfg, torchvision's weight transforms, the cv2.dnn.blobFromImage call or Caffe prototxt".
		expect(lines[3]).toMatch(/^Check every GUESS before you publish: the right values are usually in the model card .*\.$/);
		for (const place of ['pretrained_cfg', 'transforms()', 'cv2.dnn.blobFromImage', 'prototxt']) expect(lines[3]).toContain(place);
		expect(lines.slice(4)).toEqual(['Note: 1000 class scores.', 'Next: write "license", "sourceUrl" (TODO placeholders: the build refuses them), check the title, then npm run build.', '']);
	});

	it('without a guess or a placeholder: no GUESS line, and the next step is to check and build', () => {
		expect(scaffoldReport({ license: 'MIT' } as never, [size], [])).toBe(
			'What add filled in, and from where:\n  preprocess.size  [224, 224]  from the file: the input x is [1, 3, 224, 224]\nNext: check the title, description, author and task, then npm run build.\n',
		);
	});
});
