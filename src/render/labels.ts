/**
 * Class-name lists for classifiers' outputs, each a JSON file beside this module that says where it
 * comes from and under which licence (the credits page shows that).
 */
import { readFileSync } from 'node:fs';

/** Label sets a model config may name in its `labels` field. */
export type LabelSet = 'imagenet-1k';

/** Where a label list comes from, for the credits. */
export interface LabelSource {
	/** The npm package the list was copied from, its version and the file inside it. */
	package: string;
	version: string;
	file: string;
	/** SPDX identifier, and the copyright line of the file. */
	license: string;
	copyright: string;
	sourceUrl: string;
}

/** A label set: class names in class-index order, and their origin. */
export interface Labels {
	names: string[];
	source: LabelSource;
}

const FILES: Record<LabelSet, string> = { 'imagenet-1k': './imagenet-1k-classes.json' };
const loaded = new Map<LabelSet, Labels>();

/**
 * The class names and origin of a label set, read once.
 * @example labels('imagenet-1k').names[281] // 'tabby, tabby cat'
 */
export function labels(set: LabelSet): Labels {
	let found = loaded.get(set);
	if (!found) {
		const json = JSON.parse(readFileSync(new URL(FILES[set], import.meta.url), 'utf8')) as LabelSource & { classes: string[] };
		const { classes, package: pkg, version, file, license, copyright, sourceUrl } = json;
		found = { names: classes, source: { package: pkg, version, file, license, copyright, sourceUrl } };
		loaded.set(set, found);
	}
	return found;
}
