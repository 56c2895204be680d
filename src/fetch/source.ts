/**
 * What a model config's `source` names: a local file (a path in `models/` or an npm package), a file
 * in a Hugging Face Hub repository (`hf:OWNER/REPO/PATH[@REVISION]`), or an `https://` URL.
 * Parsing only; no network.
 */

/** A file in a Hub repository, as `hf:OWNER/REPO/PATH/IN/REPO[@REVISION]` names it. */
export interface HubFile {
	owner: string;
	repo: string;
	/** The file's path inside the repository, `/`-separated. */
	path: string;
	/** Branch, tag or commit; `main` when the source names none. */
	revision: string;
}

/** A Hub repository at a revision, as `kernel-atlas add hf:OWNER/REPO[@REVISION]` names it. */
export type HubRepo = Omit<HubFile, 'path'>;

export type ModelSource = { kind: 'local'; path: string } | { kind: 'hub'; file: HubFile } | { kind: 'url'; url: string };

/** The form every `hf:` source must have; shown in every message about a bad one. */
export const HUB_SOURCE_FORM = 'hf:OWNER/REPO/PATH/IN/REPO[@REVISION], e.g. hf:timm/resnet18d.ra2_in1k/model.safetensors';

// The Hub's own rule for user, organisation and repository names.
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
// Branch and tag names as git allows them in practice (refs/pr/1 included); or a commit hash.
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Thrown by the parsers; the config loader turns it into a field error. */
export class SourceSyntaxError extends Error {
	override name = 'SourceSyntaxError';
}

/**
 * Classifies a config's `source`.
 * @example
 * parseModelSource('hf:timm/resnet18d.ra2_in1k/model.safetensors@main');
 * // { kind: 'hub', file: { owner: 'timm', repo: 'resnet18d.ra2_in1k', path: 'model.safetensors', revision: 'main' } }
 */
export function parseModelSource(source: string): ModelSource {
	if (/^hf:/i.test(source)) return { kind: 'hub', file: parseHubFile(source) };
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return { kind: 'url', url: parseDownloadUrl(source) };
	return { kind: 'local', path: source };
}

/** Parses `hf:OWNER/REPO/PATH[@REVISION]`; throws SourceSyntaxError saying what is wrong. */
export function parseHubFile(source: string): HubFile {
	const { owner, repo, rest, revision } = splitHub(source);
	if (rest.length === 0) throw new SourceSyntaxError(`"${source}" names a repository but no file in it`);
	for (const segment of rest) {
		if (segment === '' || segment === '.' || segment === '..') throw new SourceSyntaxError(`"${source}" has an empty, "." or ".." path segment`);
	}
	return { owner, repo, path: rest.join('/'), revision };
}

/** Parses `hf:OWNER/REPO[@REVISION]` (no file), for `kernel-atlas add`. */
export function parseHubRepo(source: string): HubRepo {
	const { owner, repo, rest, revision } = splitHub(source);
	if (rest.length > 0) throw new SourceSyntaxError(`"${source}" names a file; give only the repository, e.g. hf:timm/resnet18d.ra2_in1k`);
	return { owner, repo, revision };
}

function splitHub(source: string): { owner: string; repo: string; rest: string[]; revision: string } {
	const body = source.replace(/^hf:/i, '');
	// A revision may contain "/" (refs/pr/1) but a file name on the Hub practically never contains "@".
	const at = body.lastIndexOf('@');
	const name = at < 0 ? body : body.slice(0, at);
	const revision = at < 0 ? 'main' : body.slice(at + 1);
	if (!REVISION.test(revision) || revision.includes('..')) throw new SourceSyntaxError(`"${source}" has no valid revision after "@"`);
	const [owner = '', repo = '', ...rest] = name.split('/');
	if (!NAME.test(owner) || !NAME.test(repo)) throw new SourceSyntaxError(`"${source}" does not start with OWNER/REPO`);
	return { owner, repo, rest, revision };
}

/** Accepts `https://` URLs, and `http://` only on this machine (a local mirror or a test server). */
export function parseDownloadUrl(source: string): string {
	let url: URL;
	try {
		url = new URL(source);
	} catch {
		throw new SourceSyntaxError(`"${source}" is not a valid URL`);
	}
	const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new SourceSyntaxError(`"${source}" is not an https:// URL`);
	}
	if (url.username || url.password) throw new SourceSyntaxError(`"${source}" carries credentials; for the Hub set HF_TOKEN instead`);
	return url.href;
}

/** The `resolve` URL of a Hub file: `{endpoint}/{owner}/{repo}/resolve/{revision}/{path}`. */
export function hubFileUrl(file: HubFile, endpoint: string): string {
	const path = file.path.split('/').map(encodeURIComponent).join('/');
	return `${endpoint}/${file.owner}/${file.repo}/resolve/${encodeURIComponent(file.revision)}/${path}`;
}

/** The Hub API URL listing a repository's files at a revision, with sizes and LFS hashes. */
export function hubRepoApiUrl(repo: HubRepo, endpoint: string): string {
	return `${endpoint}/api/models/${repo.owner}/${repo.repo}/revision/${encodeURIComponent(repo.revision)}?blobs=true`;
}

/** Writes a Hub file back as a source string; `@main` is left out, as users write it. */
export function formatHubSource(file: HubFile): string {
	return `hf:${file.owner}/${file.repo}/${file.path}${file.revision === 'main' ? '' : `@${file.revision}`}`;
}

/** The URL of a file next to `file` (a shard named by a sharded checkpoint's index). */
export function siblingUrl(base: ModelSource & { kind: 'hub' | 'url' }, name: string, endpoint: string): string {
	if (base.kind === 'hub') {
		const dir = base.file.path.split('/').slice(0, -1);
		return hubFileUrl({ ...base.file, path: [...dir, name].join('/') }, endpoint);
	}
	return new URL(name.split('/').map(encodeURIComponent).join('/'), base.url).href;
}
