/**
 * The render stage: kernel images for the site. Takes plain numbers in ONNX layout plus a little layer
 * metadata; returns, for every image, its relative path, size and text alternative.
 */
export { renderLayerMosaic, type MosaicOptions, type MosaicResult } from './mosaic.ts';
export { renderFirstLayerGallery, type GalleryOptions, type GalleryResult, type GalleryImage, type GalleryCell } from './gallery.ts';
export { renderLegends, type LegendImage } from './legend.ts';
export { type ImageMeta } from './output.ts';
export { encodePng, type RasterImage } from './png.ts';
export { palette, GAP_RGB, GAP_INDEX, type ColormapName } from './colormap.ts';
export { readsColourImage } from './colour-input.ts';
export { renderFeatureMaps, renderClassicalFilters, CLASSICAL_FILTERS, type FeatureMapsResult, type ClassicalFiltersResult, type MapImage } from './feature-maps.ts';
export { type Preprocess, PhotoError } from './photo.ts';
