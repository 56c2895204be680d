/**
 * The sample photographs: the featured one filtered by the designed kernels (Laplacian, Sobel),
 * cached like a model, keyed by the photo's bytes and the stages' code version.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageRef, PhotoData } from './atlas-data.ts';
import { CLIP_PERCENTILE } from '../render/colormap.ts';
import type { BuildPaths } from './build-models.ts';
import type { SamplePhoto } from '../render/playground.ts';
import { cacheKey, commitCacheEntry, readCacheEntry, stagingDir } from './cache.ts';
import { sha256File } from '../reader/hash.ts';
import { STAGE_VERSIONS } from './versions.ts';

interface PhotoEntry {
	id: string;
	file: string;
	title: { ja: string; en: string };
	author: string;
	license: string;
	source: string;
	sourceUrl: string;
	featured: boolean;
}

/** The sample photographs `samplesDir/photos.json` lists, and the featured one's path. */
export function samplePhotos(samplesDir: string): { photos: PhotoEntry[]; featured: PhotoEntry; featuredPath: string; samples: SamplePhoto[] } {
	const { photos } = JSON.parse(readFileSync(join(samplesDir, 'photos.json'), 'utf8')) as { photos: PhotoEntry[] };
	const featured = photos.find((p) => p.featured) ?? photos[0];
	if (!featured) throw new Error(`${join(samplesDir, 'photos.json')} lists no photograph`);
	const samples = photos.map((p) => ({ id: p.id, path: join(samplesDir, p.file), title: p.title }));
	return { photos, featured, featuredPath: join(samplesDir, featured.file), samples };
}

/**
 * Renders (or takes from the cache) the filtered photographs; returns their data, every sample photo (for
 * the playground) and the cache key, which covers every photo's bytes since models prepare them all.
 */
export async function buildPhotos(paths: BuildPaths): Promise<{ data: PhotoData[]; featuredPath: string; samples: SamplePhoto[]; key: string }> {
	const { photos, featured, featuredPath, samples } = samplePhotos(paths.samples);
	const shas = await Promise.all(samples.map((s) => sha256File(s.path)));
	const key = cacheKey({ modelSha256: shas.join(','), config: { featured, samples: photos.map((p) => [p.id, p.title]) }, versions: STAGE_VERSIONS });
	const dir = join(paths.cache, 'photos');
	const hit = readCacheEntry<PhotoData[]>(dir, key);
	if (hit) return { data: hit.data, featuredPath, samples, key };

	// Loaded only on a cache miss: the render stage pulls in sharp, which a warm build never needs.
	const { renderClassicalFilters } = await import('../render/index.ts');
	const staging = stagingDir(dir);
	const ref = (meta: { path: string; width: number; height: number; alt: string; range?: [number, number] }): ImageRef => ({
		src: `atlas/photos/${meta.path}`,
		width: meta.width,
		height: meta.height,
		alt: meta.alt,
		...(meta.range ? { scale: { colormap: 'diverging', norm: 'image', range: meta.range, clippedPercent: Math.round((100 - CLIP_PERCENTILE) * 10) / 10 } } : {}),
	});
	const result = await renderClassicalFilters(featuredPath, join(staging, 'images'), { dir: featured.id });
	const { id, title, author, license, source, sourceUrl } = featured;
	const original = await writeOriginal(featuredPath, join(staging, 'images'), `${featured.id}/original.webp`, result.grayscale.width);
	const data: PhotoData[] = [
		{
			id,
			title,
			author,
			license,
			source,
			sourceUrl,
			image: ref({ ...original, alt: `${title.en}: the sample photograph, ${original.width} × ${original.height} pixels.` }),
			filtered: Object.fromEntries([['grayscale', ref(result.grayscale)], ...result.filters.map((f) => [f.name, ref(f)] as const)]),
		},
	];
	commitCacheEntry(staging, dir, { key, data });
	return { data, featuredPath, samples, key };
}

/** The colour photograph at the filtered images' width, as WebP (fixed settings, deterministic). */
async function writeOriginal(file: string, outDir: string, path: string, width: number) {
	const { default: sharp } = await import('sharp');
	mkdirSync(join(outDir, path, '..'), { recursive: true });
	const info = await sharp(file).resize({ width }).webp({ quality: 82, effort: 4 }).toFile(join(outDir, path));
	return { path, width: info.width, height: info.height };
}
