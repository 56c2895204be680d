/**
 * Build-time access to the model pipeline's output for pages and components. Reads `generated/`
 * once per build; every page only presents what is here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AtlasIndex, ImageRef, ModelData } from '../pipeline/atlas-data.ts';

const GENERATED = join(process.cwd(), 'generated');
let index: AtlasIndex | undefined;
const models = new Map<string, ModelData>();

/** The site index (models, featured model, photos); a clear error when the model build has not run. */
export function loadAtlas(): AtlasIndex {
	if (!index) {
		const file = join(GENERATED, 'atlas.json');
		if (!existsSync(file)) {
			throw new Error('generated/atlas.json is missing: run `npm run build` (it processes models/ before the site).');
		}
		index = JSON.parse(readFileSync(file, 'utf8')) as AtlasIndex;
	}
	return index;
}

/** One model's data, read once. */
export function loadModel(id: string): ModelData {
	let model = models.get(id);
	if (!model) {
		model = JSON.parse(readFileSync(join(GENERATED, 'models', `${id}.json`), 'utf8')) as ModelData;
		models.set(id, model);
	}
	return model;
}

/** Every model, in the index's order. */
export function loadModels(): ModelData[] {
	return loadAtlas().models.map((m) => loadModel(m.id));
}

/** The featured model (the one the tutorial is written around). */
export function featuredModel(): ModelData {
	const { featured } = loadAtlas();
	if (!featured) throw new Error('no model in models/: add one (README, "Add your model").');
	return loadModel(featured);
}

/** The URL of a pipeline image under the site's base path. */
export function imageUrl(image: ImageRef): string {
	return import.meta.env.BASE_URL.replace(/\/?$/, '/') + image.src;
}
