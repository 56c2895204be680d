/**
 * What `kernel-atlas add hf:…` reads from a Hub repository, tested in-process (the add tests drive the
 * command in a child process, where mutation testing cannot see). References: the Hub's model-card
 * front matter (YAML between `---` lines, `license:` a Hub licence id) and timm's `pretrained_cfg`.
 */
import { describe, expect, it } from 'vitest';
import { licenceFromModelCard, preprocessFromTimm } from '../../src/config/from-hub.ts';

describe('licenceFromModelCard', () => {
	it.each([
		['---\nlicense: apache-2.0\n---\n# resnet18d', 'Apache-2.0'],
		['\uFEFF---\r\ntags:\r\n- timm\r\nlicense: MIT\r\n---\r\n', 'MIT'],
		['---\nlicense: "cc-by-nc-4.0"\n---', 'CC-BY-NC-4.0'],
		["---\nlicense: 'bsd-3-clause'  # from the paper's code\n---\n", 'BSD-3-Clause'],
		['---\nlicense:\tcc0-1.0\n---\n', 'CC0-1.0'],
		['---\nlicense: openrail\n---\n', 'OpenRAIL'],
		['---\nlicense: llama2\n---\n', 'llama2'],
		['---\nlicense: other\nlicense_name: my-licence\n---\n', 'other'],
	])('%j → %s', (card, expected) => {
		expect(licenceFromModelCard(card)).toBe(expected);
	});

	it.each([
		['apache-2.0', 'Apache-2.0'],
		['mit', 'MIT'],
		['bsd-2-clause', 'BSD-2-Clause'],
		['bsd-3-clause', 'BSD-3-Clause'],
		['cc0-1.0', 'CC0-1.0'],
		['cc-by-4.0', 'CC-BY-4.0'],
		['cc-by-sa-4.0', 'CC-BY-SA-4.0'],
		['cc-by-nc-4.0', 'CC-BY-NC-4.0'],
		['cc-by-nc-sa-4.0', 'CC-BY-NC-SA-4.0'],
		['gpl-3.0', 'GPL-3.0'],
		['lgpl-3.0', 'LGPL-3.0'],
		['openrail', 'OpenRAIL'],
	])('the Hub licence id %s is written as %s', (hub, expected) => {
		expect(licenceFromModelCard(`---\nlicense: ${hub}\n---\n`)).toBe(expected);
	});

	it('reads YAML as YAML: spaces after the closing ---, around the value, and a quote inside a plain value', () => {
		expect(licenceFromModelCard('---\nlicense: mit\n---   \n# resnet18d\n')).toBe('MIT');
		expect(licenceFromModelCard('---\nlicense:    mit   \n---\n')).toBe('MIT');
		expect(licenceFromModelCard('---\nlicense: mit \t# the code is MIT too\n---\n')).toBe('MIT');
		// Only quotes around the whole value are YAML quoting.
		expect(licenceFromModelCard("---\nlicense: see 'LICENSE'\n---\n")).toBe("see 'LICENSE'");
	});

	it('a value that is only a comment is no licence, and license:mit without a space is no key', () => {
		expect(licenceFromModelCard('---\nlicense: # to be decided\n---\n')).toBeNull();
		expect(licenceFromModelCard('---\nlicense:   # to be decided\n---\n')).toBeNull();
		expect(licenceFromModelCard('---\nlicense:mit\n---\n')).toBeNull();
	});

	it.each([
		['no front matter', '# resnet18d\nlicense: mit\n'],
		['front matter not at the start', '\n---\nlicense: mit\n---\n'],
		['no licence in it', '---\ntags: [timm]\n---\n'],
		['an empty licence', '---\nlicense:\n---\n'],
		['a licence only in the text', '---\ntags: [timm]\n---\nlicense: mit\n'],
		['an unclosed front matter', '---\nlicense: mit\n'],
		['an indented key', '---\nmeta:\n  license: mit\n---\n'],
	])('%s: null', (_, card) => {
		expect(licenceFromModelCard(card)).toBeNull();
	});
});

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const timm = (cfg: Record<string, unknown>) => JSON.stringify({ architecture: 'resnet18d', num_classes: 1000, pretrained_cfg: cfg });

describe('preprocessFromTimm', () => {
	it("resnet18d.ra2_in1k's pretrained_cfg: 224 × 224, bicubic, crop 0.875, ImageNet mean and std, RGB on 0–1", () => {
		const cfg = { input_size: [3, 224, 224], test_input_size: [3, 288, 288], interpolation: 'bicubic', crop_pct: 0.875, test_crop_pct: 0.95, ...IMAGENET };
		expect(preprocessFromTimm(timm(cfg))).toEqual({
			preprocess: { size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, ...IMAGENET, interpolation: 'bicubic', cropPct: 0.875 },
			notes: [],
			found: true,
		});
	});

	it('its own size, mean, std, interpolation and crop', () => {
		const cfg = { input_size: [3, 256, 320], mean: [0.5, 0.5, 0.5], std: [0.25, 0.5, 1], interpolation: 'nearest', crop_pct: 1 };
		expect(preprocessFromTimm(timm(cfg)).preprocess).toEqual({ size: [256, 320], colorOrder: 'RGB', scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.25, 0.5, 1], interpolation: 'nearest', cropPct: 1 });
		expect(preprocessFromTimm(timm({ ...cfg, interpolation: 'bilinear' })).preprocess.interpolation).toBe('bilinear');
		expect(preprocessFromTimm(timm({ ...cfg, input_size: [3, 2048, 1] })).preprocess.size).toEqual([2048, 1]);
	});

	it("timm's defaults where the config leaves them out: bilinear, crop 0.875", () => {
		const { preprocess, notes } = preprocessFromTimm(timm({ input_size: [3, 224, 224] }));
		expect(preprocess).toEqual({ size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, ...IMAGENET, interpolation: 'bilinear', cropPct: 0.875 });
		expect(notes).toEqual([]);
	});

	it.each([
		['a side past 2048', [3, 2049, 224]],
		['a zero side', [3, 0, 224]],
		['a fractional side', [3, 224.5, 224]],
		['two numbers', [224, 224]],
		['four numbers', [1, 3, 224, 224]],
		['text', '3x224x224'],
	])('an input size with %s keeps 224 × 224 and says so', (_, input_size) => {
		const { preprocess, notes } = preprocessFromTimm(timm({ input_size, interpolation: 'bicubic', crop_pct: 0.9 }));
		expect(preprocess.size).toEqual([224, 224]);
		expect(notes).toEqual(['pretrained_cfg.input_size is not [3, H, W] with sides up to 2048: size left at [224, 224]']);
	});

	it("only H and W are read from input_size: the channel count is the weights' business", () => {
		expect(preprocessFromTimm(timm({ input_size: [1, 28, 28] })).preprocess.size).toEqual([28, 28]);
		expect(preprocessFromTimm(timm({ input_size: [0, 28, 28] }))).toMatchObject({ preprocess: { size: [28, 28] }, notes: [] });
	});

	it('mean and std that are not three finite numbers, or a std with a zero, keep ImageNet', () => {
		for (const [mean, std] of [
			[[0.5, 0.5], [0.5, 0.5]],
			[[0.5, 0.5, '0.5'], [0.5, 0.5, null]],
			[[0.5, 0.5, Number.NaN], [0.5, 0, 0.5]],
			[null, [0.5, -0.5, 0.5]],
		]) {
			// JSON turns NaN into null: still not a number.
			expect(preprocessFromTimm(timm({ input_size: [3, 8, 8], mean, std })).preprocess).toMatchObject(IMAGENET);
		}
	});

	it('an unknown interpolation or a crop outside (0, 1] is left out, with a note each', () => {
		const { preprocess, notes } = preprocessFromTimm(timm({ input_size: [3, 8, 8], interpolation: 'lanczos', crop_pct: 1.2 }));
		expect(preprocess.interpolation).toBeUndefined();
		expect(preprocess.cropPct).toBeUndefined();
		expect(notes).toEqual(['pretrained_cfg.interpolation "lanczos" is not bilinear, bicubic or nearest: left out', 'pretrained_cfg.crop_pct 1.2 is not in (0, 1]: left out']);
		expect(preprocessFromTimm(timm({ input_size: [3, 8, 8], crop_pct: 0 })).notes).toEqual(['pretrained_cfg.crop_pct 0 is not in (0, 1]: left out']);
		expect(preprocessFromTimm(timm({ input_size: [3, 8, 8], crop_pct: '0.9' })).notes).toEqual(['pretrained_cfg.crop_pct 0.9 is not in (0, 1]: left out']);
	});

	it('a null crop is left out without a note', () => {
		const { preprocess, notes } = preprocessFromTimm(timm({ input_size: [3, 8, 8], crop_pct: null }));
		expect(preprocess.cropPct).toBeUndefined();
		expect(notes).toEqual([]);
	});

	it.each([
		['no config.json', null],
		['no pretrained_cfg', JSON.stringify({ architecture: 'resnet18d' })],
		['a pretrained_cfg that is not an object', JSON.stringify({ pretrained_cfg: 'resnet18d' })],
		['a null pretrained_cfg', JSON.stringify({ pretrained_cfg: null })],
		['text that is not JSON', '{"pretrained_cfg": '],
		['JSON null', 'null'],
	])('%s: the defaults, found false, no notes', (_, json) => {
		expect(preprocessFromTimm(json)).toEqual({ preprocess: { size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, ...IMAGENET }, notes: [], found: false });
	});
});
