import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROME_PATH } from './browser.ts';
import { serveStatic } from './static-server.ts';

/** Serves dist/ on 127.0.0.1 under BASE_PATH for the browser tests; refuses early with a clear reason. */
export default async function setup() {
	const dist = resolve('dist');
	if (!existsSync(resolve(dist, 'index.html'))) {
		throw new Error('dist/index.html is missing: run npm run build before npm run test:e2e.');
	}
	if (!existsSync(CHROME_PATH)) {
		throw new Error(`No Chromium at ${CHROME_PATH}: install it (Debian: apt-get install chromium) or set CHROME_PATH.`);
	}
	const { server, url } = await serveStatic(dist, process.env.BASE_PATH || '/');
	process.env.ATLAS_E2E_URL = url;
	return () => new Promise<void>((done) => server.close(() => done()));
}
