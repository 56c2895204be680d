/** Data-bound components for the tutorial's MDX pages. Each reads what the build produced. */
export { default as Fact } from './Fact.astro';
export { default as FilteredPhoto } from './FilteredPhoto.astro';
export { default as FirstLayerGallery } from './FirstLayerGallery.astro';
export { default as MatchSummary } from './MatchSummary.astro';
export { default as ModelTable } from './ModelTable.astro';
export { default as FeatureMaps } from './FeatureMaps.astro';
export { default as ReceptiveFields } from './ReceptiveFields.astro';
export { default as FirstLayerComparison } from './FirstLayerComparison.astro';
export { default as ModelLink } from './ModelLink.astro';
export { default as When } from './When.astro';
