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

/**
 * The model the tutorial holds up against the featured one: a model with a first-layer gallery trained
 * for another task (ranked models first, then the index's order); null when every model shares the task.
 */
export function contrastModel(): ModelData | null {
	const featured = featuredModel();
	const others = loadModels().filter((m) => m.id !== featured.id && m.galleries.length > 0 && m.config.task !== featured.config.task);
	const rank = (m: ModelData) => m.config.featured ?? Number.POSITIVE_INFINITY;
	return others.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/**
 * A tutorial component's `model` prop: the featured model (absent), the contrast model (`contrast`; null
 * when there is none), or a model id. Astro renders a component's children even where <When> hides them,
 * so a component must cope with null rather than throw.
 */
export function tutorialModel(which: string | undefined): ModelData | null {
	if (which === undefined) return featuredModel();
	if (which === 'contrast') return contrastModel();
	if (!loadAtlas().models.some((m) => m.id === which)) throw new Error(`model="${which}": no such model in this build`);
	return loadModel(which);
}

/** The URL of a pipeline image under the site's base path. */
export function imageUrl(image: ImageRef): string {
	return import.meta.env.BASE_URL.replace(/\/?$/, '/') + image.src;
}
