/**
 * The sample photographs: which one is featured, the filtered images and their page data, and the cache
 * entry that holds them, keyed by every photograph's bytes and titles.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuildPaths } from '../../src/pipeline/build-models.ts';
import { buildPhotos, samplePhotos } from '../../src/pipeline/photos.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-photos-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SAMPLES = resolve(import.meta.dirname, '../../content/samples');

const entry = (id: string, file: string, en: string, featured: boolean) => ({
	id,
	file,
	title: { ja: `${en}（日本語）`, en },
	author: `author of ${id}`,
	license: 'CC0-1.0',
	source: `source of ${id}`,
	sourceUrl: `https://example.com/${id}`,
	featured,
});

/** A samples folder with the two project photographs; `photos` is what photos.json lists. */
function samplesDir(name: string, photos: ReturnType<typeof entry>[]): string {
	const dir = join(root, name);
	mkdirSync(dir, { recursive: true });
	copyFileSync(join(SAMPLES, 'chelsea.png'), join(dir, 'chelsea.png'));
	copyFileSync(join(SAMPLES, 'coffee.png'), join(dir, 'coffee.png'));
	writeFileSync(join(dir, 'photos.json'), JSON.stringify({ photos }));
	return dir;
}
const pathsFor = (samples: string, cache: string): BuildPaths => ({ root, models: join(root, 'models'), cache, generated: join(root, 'generated'), publicAtlas: join(root, 'public'), samples });

describe('samplePhotos', () => {
	it('features the photograph marked featured, wherever it is listed, else the first', () => {
		const marked = samplePhotos(samplesDir('marked', [entry('chelsea', 'chelsea.png', 'Cat', false), entry('coffee', 'coffee.png', 'Coffee', true)]));
		expect(marked.featured.id).toBe('coffee');
		expect(marked.featuredPath).toBe(join(root, 'marked', 'coffee.png'));
		expect(marked.samples).toEqual([
			{ id: 'chelsea', path: join(root, 'marked', 'chelsea.png'), title: { ja: 'Cat（日本語）', en: 'Cat' } },
			{ id: 'coffee', path: join(root, 'marked', 'coffee.png'), title: { ja: 'Coffee（日本語）', en: 'Coffee' } },
		]);
		const unmarked = samplePhotos(samplesDir('unmarked', [entry('chelsea', 'chelsea.png', 'Cat', false), entry('coffee', 'coffee.png', 'Coffee', false)]));
		expect(unmarked.featured.id).toBe('chelsea');
	});

	it('an empty list: a one-line error naming the file', () => {
		const dir = samplesDir('empty', []);
		expect(() => samplePhotos(dir)).toThrow(new Error(`${join(dir, 'photos.json')} lists no photograph`));
	});
});

describe('buildPhotos', () => {
	const samples = samplesDir('build', [entry('chelsea', 'chelsea.png', 'Cat', false), entry('coffee', 'coffee.png', 'A cup of coffee', true)]);
	const cache = join(root, 'cache');
	const paths = pathsFor(samples, cache);
	// coffee.png is 600 × 400: fitted into 512 pixels it is 512 × round(400 · 512 / 600) = 512 × 341.
	const size = { width: 512, height: 341 };

	it('draws the featured photograph, in colour and filtered, into the cache entry, and describes each image', async () => {
		const result = await buildPhotos(paths);
		expect(result.featuredPath).toBe(join(samples, 'coffee.png'));
		expect(result.samples.map((s) => s.id)).toEqual(['chelsea', 'coffee']);
		expect(result.key).toMatch(/^[0-9a-f]{32}$/);
		const filter = (name: string) => ({
			src: `atlas/photos/coffee/${name}.webp`,
			...size,
			alt: expect.stringContaining('The greyscale photograph filtered by'),
			scale: { colormap: 'diverging', norm: 'image', range: [expect.any(Number), expect.any(Number)], clippedPercent: 0.5 },
		});
		expect(result.data).toEqual([
			{
				id: 'coffee',
				title: { ja: 'A cup of coffee（日本語）', en: 'A cup of coffee' },
				author: 'author of coffee',
				license: 'CC0-1.0',
				source: 'source of coffee',
				sourceUrl: 'https://example.com/coffee',
				image: { src: 'atlas/photos/coffee/original.webp', ...size, alt: 'A cup of coffee: the sample photograph, 512 × 341 pixels.' },
				filtered: {
					grayscale: { src: 'atlas/photos/coffee/grayscale.webp', ...size, alt: 'The photograph in greyscale, 512 × 341 pixels.' },
					laplacian: filter('laplacian'),
					'sobel-horizontal': filter('sobel-horizontal'),
					'sobel-vertical': filter('sobel-vertical'),
				},
			},
		]);
		// A diverging scale is symmetric about zero.
		for (const name of ['laplacian', 'sobel-horizontal', 'sobel-vertical']) {
			const [lo, hi] = result.data[0]!.filtered[name]!.scale!.range!;
			expect(hi).toBeGreaterThan(0);
			expect(lo).toBe(-hi);
		}
		// Each image is a WebP file of the size its data gives, at its src under the entry's images folder.
		const images = Object.values(result.data[0]!.filtered).concat(result.data[0]!.image);
		for (const image of images) {
			const file = join(cache, 'photos', 'images', image.src.replace(/^atlas\/photos\//, ''));
			const meta = await sharp(file).metadata();
			expect([meta.format, meta.width, meta.height], file).toEqual(['webp', image.width, image.height]);
		}
		expect(JSON.parse(readFileSync(join(cache, 'photos', 'manifest.json'), 'utf8'))).toEqual({ key: result.key, data: result.data });
	});

	it('takes the data from the cache entry while the photographs and their titles are unchanged', async () => {
		const { key } = await buildPhotos(paths);
		// Plant data under the same key: only a cache read can return it.
		const manifest = join(cache, 'photos', 'manifest.json');
		writeFileSync(manifest, JSON.stringify({ key, data: [{ id: 'planted' }] }));
		const again = await buildPhotos(paths);
		expect(again).toEqual({ data: [{ id: 'planted' }], featuredPath: join(samples, 'coffee.png'), samples: expect.any(Array), key });
	});

	it('keys the entry by every photograph\'s bytes and every title, not only the featured one\'s', async () => {
		const { key } = await buildPhotos(paths);
		const other = samplesDir('other-title', [entry('chelsea', 'chelsea.png', 'A cat', false), entry('coffee', 'coffee.png', 'A cup of coffee', true)]);
		const titled = await buildPhotos(pathsFor(other, join(root, 'cache-title')));
		expect(titled.key).not.toBe(key);
		const bytes = samplesDir('other-bytes', [entry('chelsea', 'chelsea.png', 'Cat', false), entry('coffee', 'coffee.png', 'A cup of coffee', true)]);
		const png = readFileSync(join(bytes, 'chelsea.png'));
		writeFileSync(join(bytes, 'chelsea.png'), Buffer.concat([png, Buffer.from('trailing bytes')]));
		const changed = await buildPhotos(pathsFor(bytes, join(root, 'cache-bytes')));
		expect(changed.key).not.toBe(key);
		// The same photographs and titles in another folder: the same key.
		const same = samplesDir('same', [entry('chelsea', 'chelsea.png', 'Cat', false), entry('coffee', 'coffee.png', 'A cup of coffee', true)]);
		expect((await buildPhotos(pathsFor(same, join(root, 'cache-same')))).key).toBe(key);
		expect(existsSync(join(root, 'cache-same', 'photos', 'manifest.json'))).toBe(true);
	});
});
