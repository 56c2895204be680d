/**
 * Config facts a Hub repository states: the licence in its model card's front matter, and the input
 * preprocessing in timm's `config.json` (`pretrained_cfg`). Used by `kernel-atlas add hf:…`.
 */
import { MAX_INPUT_SIDE, type ModelConfigInput } from './model-config.ts';

type PreprocessInput = NonNullable<ModelConfigInput['preprocess']>;

/** The Hub's licence ids (lowercase) as SPDX identifiers, for the common ones; others pass through. */
const SPDX: Record<string, string> = {
	'apache-2.0': 'Apache-2.0',
	mit: 'MIT',
	'bsd-2-clause': 'BSD-2-Clause',
	'bsd-3-clause': 'BSD-3-Clause',
	'cc0-1.0': 'CC0-1.0',
	'cc-by-4.0': 'CC-BY-4.0',
	'cc-by-sa-4.0': 'CC-BY-SA-4.0',
	'cc-by-nc-4.0': 'CC-BY-NC-4.0',
	'cc-by-nc-sa-4.0': 'CC-BY-NC-SA-4.0',
	'gpl-3.0': 'GPL-3.0',
	'lgpl-3.0': 'LGPL-3.0',
	'openrail': 'OpenRAIL',
};

/**
 * The `license:` of a model card's YAML front matter, as SPDX where known; null when it has none.
 * @example licenceFromModelCard('---\nlicense: apache-2.0\n---\n# resnet18d') // 'Apache-2.0'
 */
export function licenceFromModelCard(card: string): string | null {
	const front = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(card)?.[1];
	if (!front) return null;
	// YAML: a key is `license:` followed by a space or the end of the line (`license:mit` is one plain
	// value, not a key); a `#` at the start of the value or after a space begins a comment.
	const value = /^license:(?:[ \t]+(.*))?$/m.exec(front)?.[1]?.replace(/(?:^|\s+)#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
	if (!value) return null;
	return SPDX[value.toLowerCase()] ?? value;
}

const isTriple = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * The preprocessing of a timm `config.json`: `input_size` [3, H, W] → size [H, W], `mean`, `std`,
 * `interpolation`, `crop_pct` → cropPct; scale 1/255 and RGB, as timm feeds its models. Values that are
 * absent or outside what the schema accepts keep the defaults and are listed in `notes`. `found` is
 * false when there is no `pretrained_cfg` at all: then nothing here comes from the repository.
 */
export function preprocessFromTimm(configJson: string | null): { preprocess: PreprocessInput; notes: string[]; found: boolean } {
	const preprocess: PreprocessInput = { size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
	let cfg: Record<string, unknown> | undefined;
	try {
		const parsed = configJson ? JSON.parse(configJson) : null;
		cfg = parsed && typeof parsed.pretrained_cfg === 'object' ? parsed.pretrained_cfg : undefined;
	} catch {
		cfg = undefined;
	}
	if (!cfg) return { preprocess, notes: [], found: false };
	const notes: string[] = [];
	const size = cfg.input_size;
	if (Array.isArray(size) && size.length === 3 && size.slice(1).every((d) => Number.isInteger(d) && d > 0 && d <= MAX_INPUT_SIDE)) preprocess.size = [size[1], size[2]];
	else notes.push(`pretrained_cfg.input_size is not [3, H, W] with sides up to ${MAX_INPUT_SIDE}: size left at [224, 224]`);
	if (isTriple(cfg.mean)) preprocess.mean = cfg.mean;
	if (isTriple(cfg.std) && cfg.std.every((v) => v > 0)) preprocess.std = cfg.std;
	const interpolation = cfg.interpolation;
	if (interpolation === 'bilinear' || interpolation === 'bicubic' || interpolation === 'nearest') preprocess.interpolation = interpolation;
	else if (interpolation === undefined) preprocess.interpolation = 'bilinear'; // timm's default
	else notes.push(`pretrained_cfg.interpolation "${String(interpolation)}" is not bilinear, bicubic or nearest: left out`);
	const crop = cfg.crop_pct;
	if (typeof crop === 'number' && crop > 0 && crop <= 1) preprocess.cropPct = crop;
	else if (crop === undefined) preprocess.cropPct = 0.875; // timm's DEFAULT_CROP_PCT
	else if (crop !== undefined && crop !== null) notes.push(`pretrained_cfg.crop_pct ${String(crop)} is not in (0, 1]: left out`);
	return { preprocess, notes, found: true };
}
