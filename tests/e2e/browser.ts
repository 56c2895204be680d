/** Shared browser helpers for the e2e tests: launch the system Chromium the way this machine allows. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Launches Chromium from CHROME_PATH, or throws a one-line explanation of how to get one. */
export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROME_PATH)) {
		throw new Error(
			`No Chromium at ${CHROME_PATH}: install it (Debian: apt-get install chromium) or set CHROME_PATH to a Chromium binary.`,
		);
	}
	return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
}

/** The site's origin and base, as published by the global setup. */
export function siteUrl(path = ''): string {
	const base = process.env.ATLAS_E2E_URL;
	if (!base) throw new Error('ATLAS_E2E_URL is not set: run the browser tests with npm run test:e2e');
	return base + path;
}

/** Collects console errors and failed requests of a page, for asserting a clean load. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
	});
	page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
	page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()}`));
	page.on('response', (res) => {
		if (res.status() >= 400) errors.push(`http ${res.status()}: ${res.url()}`);
	});
	return errors;
}
