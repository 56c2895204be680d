/** What the layer table and the layer browser say about a layer, written once for both. */
import type { LayerData } from '../pipeline/atlas-data.ts';
import { formatNumber, layerGeometryText, storageName, type Lang, type StringKey, type Strings } from './i18n.ts';

/** The facts in the order the pages show them; each key is also the label's string key. */
export const LAYER_FACTS = ['op', 'shape', 'stride', 'padding', 'groups', 'bias', 'params', 'receptiveField', 'batchNorm', 'dtype'] as const satisfies readonly StringKey[];

export type LayerFact = (typeof LAYER_FACTS)[number];

/** The columns of a layer table (PyTorch's print(model) has no batch-norm or storage column). */
export const LAYER_TABLE_FACTS: readonly LayerFact[] = LAYER_FACTS.filter((f) => f !== 'batchNorm' && f !== 'dtype');

/** Each fact about a layer as text; `shape` is meant to be shown as code. */
export function layerFacts(t: Strings, lang: Lang, layer: LayerData): Record<LayerFact, string> {
	const g = layerGeometryText(t, layer);
	return {
		op: g.op,
		shape: `[${layer.weightShape.join(', ')}]`,
		stride: g.stride,
		padding: g.padding,
		groups: g.groups,
		bias: t(layer.bias ? 'yes' : 'no'),
		params: formatNumber(lang, layer.params),
		receptiveField: layer.receptiveField === null ? '—' : `${layer.receptiveField}\u00a0px`,
		batchNorm: t(layer.followedByBatchNorm ? 'yes' : 'no'),
		dtype: `${layer.dtype}${t('paren', { text: storageName(lang, layer.storage) })}`,
	};
}
