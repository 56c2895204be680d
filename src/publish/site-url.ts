/**
 * Where the site is published, for astro.config.mjs: its origin (`SITE_URL`) and base path
 * (`BASE_PATH`) come from the environment of the build, and `astro preview` serves `dist/` under the
 * base it was built with, whatever the environment of the preview says.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Where the last successful Astro build records its base, relative to the project root (not in dist/, which is published). */
export const BUILD_RECORD = '.atlas-cache/site-build.json';

/** What the last build was made for. */
export interface BuildRecord {
	base: string;
	site: string | null;
}

/**
 * The site's origin from `SITE_URL`, or undefined. Without one there is no true address to publish,
 * so Starlight writes no canonical or hreflang links and no sitemap (rather than 127.0.0.1 ones).
 */
export function siteFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
	return env.SITE_URL?.trim() || undefined;
}

/** The base path from `BASE_PATH`, `/` when unset. */
export function baseFromEnv(env: NodeJS.ProcessEnv = process.env): string {
	return env.BASE_PATH?.trim() || '/';
}

/**
 * Integrations that keep `astro preview` and the build in step: the build records its base, and
 * preview serves under the recorded one (a `BASE_PATH=/repo/` build is previewed at /repo/ without
 * BASE_PATH). Without a site URL, it also stands in for the sitemap integration Starlight would add
 * (Starlight adds one only when none is configured), which would warn on every build that it has no
 * `site` and skips: the build says so in one line instead (scripts/build.ts).
 */
export function siteIntegrations(site: string | undefined): AstroIntegration[] {
	const integrations: AstroIntegration[] = [previewAsBuilt()];
	if (!site) integrations.push({ name: '@astrojs/sitemap', hooks: {} });
	return integrations;
}

/** Reads the build record of the project at `root`; null when there is none or it is unreadable. */
export function readBuildRecord(root: string): BuildRecord | null {
	const file = join(root, BUILD_RECORD);
	if (!existsSync(file)) return null;
	try {
		const record = JSON.parse(readFileSync(file, 'utf8'));
		return typeof record?.base === 'string' ? { base: record.base, site: typeof record.site === 'string' ? record.site : null } : null;
	} catch {
		return null;
	}
}

function previewAsBuilt(): AstroIntegration {
	let built: BuildRecord = { base: '/', site: null };
	let root = '';
	return {
		name: 'kernel-atlas:preview-as-built',
		hooks: {
			'astro:config:setup': ({ command, config, updateConfig, logger }) => {
				root = fileURLToPath(config.root);
				if (command !== 'preview') return;
				const record = readBuildRecord(root);
				if (!record) return;
				if (record.base !== config.base) {
					const asked = process.env.BASE_PATH ? ` (BASE_PATH=${process.env.BASE_PATH} ignored)` : '';
					logger.info(`dist/ was built for the base path ${record.base}: serving it there${asked}`);
				}
				updateConfig({ base: record.base });
			},
			'astro:config:done': ({ config }) => {
				built = { base: config.base, site: config.site ?? null };
			},
			'astro:build:done': () => {
				const file = join(root, BUILD_RECORD);
				mkdirSync(dirname(file), { recursive: true });
				writeFileSync(file, `${JSON.stringify(built, null, 2)}\n`);
			},
		},
	};
}
