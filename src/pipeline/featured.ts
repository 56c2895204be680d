/**
 * Which model the tutorial is written around: the available model with the lowest `featured` rank,
 * else the first usable model. Decided once per build and written into `generated/atlas.json`
 * (`featured`), which is the only place pages read it from.
 */
import { ConfigError } from '../config/errors.ts';
import type { ModelConfig } from '../config/model-config.ts';
import type { ModelData } from './atlas-data.ts';

export interface FeaturedChoice {
	id: string;
	/** Set when a ranked model could not be featured: the line the build prints about it. */
	fallback: string | null;
}

/** Why a model cannot carry the tutorial, or null when it can: it needs a first layer with stored weights and a gallery. */
function unusable(data: ModelData | undefined, skipped: string | undefined): string | null {
	if (skipped !== undefined) return skipped;
	if (!data) return 'not built';
	return data.galleries[0]?.layerIndex === 0 ? null : 'its first convolution layer has no stored kernel';
}

/**
 * Chooses the featured model from every config (in id order), the built models' data, and the reasons
 * skipped models were skipped. Throws when no model at all can carry the tutorial.
 * @example
 * chooseFeatured(configs, new Map([['squeezenet', data]]), new Map([['resnet18d', 'offline']]));
 * // { id: 'squeezenet', fallback: 'featured model resnet18d is unavailable (offline); featuring squeezenet instead' }
 */
export function chooseFeatured(configs: ModelConfig[], data: Map<string, ModelData>, skipped: Map<string, string>, modelsDir: string): FeaturedChoice {
	const ranked = configs.filter((c) => c.featured !== null).sort((a, b) => a.featured! - b.featured!);
	const firstChoice = ranked[0];
	const chosen = ranked.find((c) => unusable(data.get(c.id), skipped.get(c.id)) === null) ?? configs.find((c) => unusable(data.get(c.id), skipped.get(c.id)) === null);
	if (!chosen) {
		throw new ConfigError(modelsDir, 'no model has a first convolution layer with stored weights for the tutorial', 'Add a CNN whose first layer is a plain convolution');
	}
	if (!firstChoice || firstChoice.id === chosen.id) return { id: chosen.id, fallback: null };
	const why = unusable(data.get(firstChoice.id), skipped.get(firstChoice.id));
	return { id: chosen.id, fallback: `featured model ${firstChoice.id} is unavailable (${why}); featuring ${chosen.id} instead` };
}
