import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/config/model-config.ts';
import type { ModelData } from '../../src/pipeline/atlas-data.ts';
import { chooseFeatured } from '../../src/pipeline/featured.ts';
import { formatSummary } from '../../src/pipeline/progress.ts';

const config = (id: string, featured: number | null) => ({ id, featured }) as ModelConfig;
/** Built model data whose first layer has a gallery (usable) or not (its first kernel is computed at run time). */
const built = (id: string, usable = true) => [id, { id, galleries: usable ? [{ layerIndex: 0 }] : [] } as unknown as ModelData] as const;

describe('chooseFeatured', () => {
	it.each([
		{ what: 'the lowest rank when it is available', configs: [config('a', 2), config('b', 1)], data: [built('a'), built('b')], skipped: [], id: 'b', fallback: null },
		{ what: 'no rank: the first usable model, as before', configs: [config('a', null), config('b', null)], data: [built('a', false), built('b')], skipped: [], id: 'b', fallback: null },
		{
			what: 'a skipped first choice: the next rank, said in one line',
			configs: [config('resnet18d', 1), config('pp', null), config('squeezenet', 2)],
			data: [built('pp'), built('squeezenet')],
			skipped: [['resnet18d', 'offline']] as [string, string][],
			id: 'squeezenet',
			fallback: 'featured model resnet18d is unavailable (offline); featuring squeezenet instead',
		},
		{
			what: 'a first choice without a stored first kernel, and no other rank: the first usable model',
			configs: [config('a', null), config('dyn', 1)],
			data: [built('a'), built('dyn', false)],
			skipped: [],
			id: 'a',
			fallback: 'featured model dyn is unavailable (its first convolution layer has no stored kernel); featuring a instead',
		},
		{
			what: 'a first choice that was neither built nor skipped: said as not built',
			configs: [config('a', 1), config('b', null)],
			data: [built('b')],
			skipped: [],
			id: 'b',
			fallback: 'featured model a is unavailable (not built); featuring b instead',
		},
	])('$what', ({ configs, data, skipped, id, fallback }) => {
		expect(chooseFeatured(configs, new Map(data), new Map(skipped), 'models')).toEqual({ id, fallback });
	});

	it('fails when no model can carry the tutorial', () => {
		expect(() => chooseFeatured([config('a', 1)], new Map([built('a', false)]), new Map(), 'models')).toThrow(
			'models: no model has a first convolution layer with stored weights for the tutorial. Add a CNN whose first layer is a plain convolution',
		);
	});
});

describe('formatSummary', () => {
	it('lists a skipped model with its reason, and adds the note column only then', () => {
		const row = { model: 'tiny', layers: 4, kernels: 48, images: 120, seconds: 1.25, cached: false };
		expect(formatSummary([row])).toBe(['model  layers  kernels  images   time  cached', '-----  ------  -------  ------  -----  ------', 'tiny        4       48     120  1.3 s      no'].join('\n'));
		expect(formatSummary([row, { ...row, model: 'resnet18d', skipped: 'offline' }]).split('\n')).toEqual([
			'model      layers  kernels  images   time   cached  note',
			'---------  ------  -------  ------  -----  -------  -------',
			'tiny            4       48     120  1.3 s       no',
			'resnet18d       -        -       -      -  skipped  offline',
		]);
	});
});
