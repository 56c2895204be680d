/**
 * What `kernel-atlas add hf:…` asks the Hub before any weights move: the repository's files (with
 * sizes and LFS hashes), small text files such as the model card and timm's config.json, and which
 * file holds the weights.
 */
import { DownloadError } from './errors.ts';
import { openGet } from './http.ts';
import { hubFileUrl, hubRepoApiUrl, type HubRepo } from './source.ts';
import type { HubSettings } from './settings.ts';

/** A file of a Hub repository; `sha256` is known for files stored with LFS. */
export interface HubRepoFile {
	path: string;
	size: number | null;
	sha256: string | null;
}

export interface HubRepoInfo {
	files: HubRepoFile[];
	/** The Hub's task tag, e.g. `image-classification`. */
	pipelineTag: string | null;
}

/** The largest text file `add` reads (a model card, a config.json); anything bigger is not one. */
const MAX_TEXT_BYTES = 4 * 2 ** 20;

/** Reads a JSON or text answer whole, within the idle timeout. */
async function readText(url: string, settings: HubSettings, label: string, accept?: string): Promise<string> {
	const open = await openGet(url, { settings, label, accept });
	try {
		const chunks: Uint8Array[] = [];
		let size = 0;
		for await (const chunk of open.response.body as AsyncIterable<Uint8Array>) {
			open.alive();
			size += chunk.length;
			if (size > MAX_TEXT_BYTES) throw new DownloadError(label, `${url} is larger than ${MAX_TEXT_BYTES} bytes`, 'This is not a model card or config file', 'too large');
			chunks.push(chunk);
		}
		return Buffer.concat(chunks).toString('utf8');
	} catch (error) {
		throw error instanceof DownloadError ? error : open.failure(error);
	} finally {
		open.close();
	}
}

/** Lists a repository's files at a revision through the Hub API. */
export async function hubRepoInfo(repo: HubRepo, settings: HubSettings, label: string): Promise<HubRepoInfo> {
	const url = hubRepoApiUrl(repo, settings.endpoint);
	let text: string;
	try {
		text = await readText(url, settings, label, 'application/json');
	} catch (error) {
		if (!(error instanceof DownloadError) || error.reason !== 'HTTP 404') throw error;
		const code = /\(HTTP 404(, \w+)?\)/.exec(error.detail)?.[0] ?? '(HTTP 404)';
		const privateNote = settings.token ? '' : '; a private repository also needs HF_TOKEN';
		throw new DownloadError(label, `no such repository or revision on ${settings.endpoint} ${code}`, `Check OWNER/REPO and the revision after "@"${privateNote}`, error.reason);
	}
	let data: { siblings?: { rfilename?: unknown; size?: unknown; lfs?: { sha256?: unknown } }[]; pipeline_tag?: unknown };
	try {
		data = JSON.parse(text);
	} catch {
		throw new DownloadError(label, `${url} did not answer with JSON`, 'Check HF_ENDPOINT: it must point at the Hub or a mirror of it', 'bad answer');
	}
	const files = (data.siblings ?? [])
		.filter((s) => typeof s.rfilename === 'string')
		.map((s) => ({
			path: s.rfilename as string,
			size: typeof s.size === 'number' ? s.size : null,
			sha256: typeof s.lfs?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(s.lfs.sha256) ? s.lfs.sha256 : null,
		}));
	return { files, pipelineTag: typeof data.pipeline_tag === 'string' ? data.pipeline_tag : null };
}

/** A small text file of the repository, or null when the repository has no such file. */
export async function hubTextFile(repo: HubRepo, path: string, settings: HubSettings, label: string): Promise<string | null> {
	try {
		return await readText(hubFileUrl({ ...repo, path }, settings.endpoint), settings, label);
	} catch (error) {
		if (error instanceof DownloadError && error.reason === 'HTTP 404') return null;
		throw error;
	}
}

/** The weights file names `add` looks for, best first; after them, a repository's only `.onnx` file. */
export const WEIGHT_FILES = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin'];

/** Picks the weights file of a repository, or null when it has none `add` understands. */
export function pickWeightsFile(files: HubRepoFile[]): HubRepoFile | null {
	for (const name of WEIGHT_FILES) {
		const found = files.find((f) => f.path === name);
		if (found) return found;
	}
	const onnx = files.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
	return onnx.length === 1 ? onnx[0]! : null;
}
