/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1, so download tests never touch the network:
 * `/{owner}/{repo}/resolve/{revision}/{path}` (LFS files answer 302 to a second server, the "CDN", on
 * another port, as the Hub does), `/api/models/{owner}/{repo}/revision/{revision}` (files with sizes
 * and LFS sha256), gated repositories that need the token, the Hub's 404s with X-Error-Code, and a
 * third server that accepts connections and never answers. Every request is recorded.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
	server: 'hub' | 'cdn' | 'silent';
	path: string;
	authorization: string | undefined;
}

export interface StandInRepo {
	/** File path in the repository → content. Files ending in .md or .json are plain git files; others are LFS. */
	files: Map<string, Uint8Array>;
	/** A gated repository answers 401 (GatedRepo) unless the request carries this token. */
	token?: string;
	pipelineTag?: string;
}

export interface StandInHub {
	/** Use as HF_ENDPOINT. */
	endpoint: string;
	/** A server that accepts connections and never answers (for timeouts). */
	silent: string;
	requests: RecordedRequest[];
	/** Adds or replaces a file (revision `main`). */
	put(repo: string, path: string, content: Uint8Array | string, options?: { token?: string; pipelineTag?: string }): void;
	/** Requests for a file (`/resolve/` on the Hub), optionally only those whose path contains `part`. */
	downloads(part?: string): RecordedRequest[];
	close(): Promise<void>;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const isLfs = (path: string) => !/\.(md|json)$/.test(path);

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string; sockets: Set<Socket> }> {
	const server = createServer(handler);
	const sockets = new Set<Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

/** Starts the stand-in (three servers on free loopback ports). */
export async function startStandInHub(): Promise<StandInHub> {
	const repos = new Map<string, StandInRepo>();
	const blobs = new Map<string, Uint8Array>();
	const requests: RecordedRequest[] = [];
	const record = (server: RecordedRequest['server'], req: IncomingMessage) => requests.push({ server, path: req.url ?? '', authorization: req.headers.authorization });
	const error = (res: ServerResponse, status: number, code: string) => {
		res.writeHead(status, { 'x-error-code': code, 'content-type': 'application/json' });
		res.end(JSON.stringify({ error: code }));
	};

	const cdn = await listen((req, res) => {
		record('cdn', req);
		const blob = blobs.get(req.url?.replace('/blobs/', '') ?? '');
		if (!blob) return error(res, 404, 'NoSuchKey');
		res.writeHead(200, { 'content-length': blob.length, 'content-type': 'application/octet-stream' });
		res.end(blob);
	});

	const hub = await listen((req, res) => {
		record('hub', req);
		const url = new URL(req.url ?? '/', 'http://x');
		const api = /^\/api\/models\/([^/]+)\/([^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
		const resolve = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
		const match = api ?? resolve;
		if (!match) return error(res, 404, 'NotFound');
		const repo = repos.get(`${match[1]}/${match[2]}`);
		if (!repo) return error(res, 404, 'RepoNotFound');
		if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) return error(res, 401, 'GatedRepo');
		if (decodeURIComponent(match[3]!) !== 'main') return error(res, 404, 'RevisionNotFound');
		if (api) {
			const siblings = [...repo.files].map(([path, b]) => ({ rfilename: path, size: b.length, ...(isLfs(path) ? { lfs: { sha256: sha(b), size: b.length, pointerSize: 134 } } : {}) }));
			res.writeHead(200, { 'content-type': 'application/json' });
			return res.end(JSON.stringify({ id: `${match[1]}/${match[2]}`, sha: 'f'.repeat(40), pipeline_tag: repo.pipelineTag, siblings }));
		}
		const path = match[4]!.split('/').map(decodeURIComponent).join('/');
		const file = repo.files.get(path);
		if (!file) return error(res, 404, 'EntryNotFound');
		if (isLfs(path)) {
			res.writeHead(302, { location: `${cdn.url}/blobs/${sha(file)}`, 'x-linked-size': file.length });
			return res.end();
		}
		res.writeHead(200, { 'content-length': file.length });
		res.end(file);
	});

	const silent = await listen((req) => record('silent', req));

	return {
		endpoint: hub.url,
		silent: silent.url,
		requests,
		put(name, path, content, options = {}) {
			const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
			const repo: StandInRepo = repos.get(name) ?? { files: new Map() };
			repo.files.set(path, bytes);
			if (options.token) repo.token = options.token;
			if (options.pipelineTag) repo.pipelineTag = options.pipelineTag;
			repos.set(name, repo);
			blobs.set(sha(bytes), bytes);
		},
		downloads: (part = '') => requests.filter((r) => r.server === 'hub' && r.path.includes('/resolve/') && r.path.includes(part)),
		close: async () => {
			for (const { server, sockets } of [hub, cdn, silent]) {
				for (const s of sockets) s.destroy();
				await new Promise((r) => server.close(r));
			}
		},
	};
}
