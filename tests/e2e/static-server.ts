/** A minimal static file server for a built site, mounted under a base path, on 127.0.0.1, gzip like GitHub Pages. */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.webp': 'image/webp',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.ttf': 'font/ttf',
	'.xml': 'application/xml',
	'.txt': 'text/plain; charset=utf-8',
	'.npy': 'application/octet-stream',
	'.pf_meta': 'application/octet-stream',
	'.pf_index': 'application/octet-stream',
	'.pf_fragment': 'application/octet-stream',
	'.pagefind': 'application/octet-stream',
};

/** Serves `root` under `base` (e.g. `/kernel-atlas/`); resolves with the server and its origin URL. */
export async function serveStatic(root: string, base = '/'): Promise<{ server: Server; url: string }> {
	const server = createServer(async (req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (!path.startsWith(base)) {
			res.writeHead(404).end('not under base');
			return;
		}
		let file = normalize(join(root, path.slice(base.length)));
		if (file !== root && !file.startsWith(root + sep)) {
			res.writeHead(403).end();
			return;
		}
		try {
			if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
			const body = await readFile(file);
			const type = TYPES[extname(file)] ?? 'application/octet-stream';
			// Compress text as GitHub Pages does, so page-weight measurements match the real host.
			if (/text|javascript|json|svg|xml/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
				res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(gzipSync(body));
			} else {
				res.writeHead(200, { 'content-type': type }).end(body);
			}
		} catch {
			res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('server has no port');
	return { server, url: `http://127.0.0.1:${address.port}${base}` };
}
