/**
 * The Hub's own environment variables, read once: `HF_ENDPOINT`, `HF_TOKEN`, `HF_HUB_OFFLINE`,
 * `HF_HUB_DOWNLOAD_TIMEOUT`. Using the Hub's names means a machine set up for `huggingface_hub`
 * (a mirror, a token, an offline CI) works here unchanged.
 */
import { DownloadError } from './errors.ts';

export interface HubSettings {
	/** Where `hf:` sources resolve, without a trailing slash. */
	endpoint: string;
	/** Sent as a bearer token to `endpoint`'s origin only; never printed or stored. */
	token: string | undefined;
	/** True: no network at all; only downloads already in the cache are used. */
	offline: boolean;
	/** How long to wait for a connection, for response headers, and between two chunks of a body. */
	timeoutMs: number;
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
/** huggingface_hub's default for HF_HUB_DOWNLOAD_TIMEOUT: an unreachable host fails in seconds. */
const DEFAULT_TIMEOUT_S = 10;

/** huggingface_hub's reading of a boolean variable: 1, ON, YES or TRUE, in any case. */
function isTrue(value: string | undefined): boolean {
	return ['1', 'ON', 'YES', 'TRUE'].includes((value ?? '').trim().toUpperCase());
}

/** Reads the settings from `env`; throws a one-line error for a malformed endpoint or timeout. */
export function hubSettings(env: NodeJS.ProcessEnv = process.env): HubSettings {
	const endpoint = (env.HF_ENDPOINT?.trim() || DEFAULT_ENDPOINT).replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(endpoint);
	} catch {
		// reported below
	}
	if (!url || !/^https?:$/.test(url.protocol)) {
		throw new DownloadError('HF_ENDPOINT', `"${endpoint}" is not an http(s) URL`, 'Set HF_ENDPOINT to the Hub or a mirror, e.g. https://huggingface.co, or unset it', 'bad HF_ENDPOINT');
	}
	const timeoutText = env.HF_HUB_DOWNLOAD_TIMEOUT?.trim();
	const seconds = timeoutText ? Number(timeoutText) : DEFAULT_TIMEOUT_S;
	if (!(seconds > 0)) {
		throw new DownloadError('HF_HUB_DOWNLOAD_TIMEOUT', `"${timeoutText}" is not a positive number of seconds`, 'Set it to e.g. 10, or unset it', 'bad timeout');
	}
	const token = env.HF_TOKEN?.trim() || undefined;
	return { endpoint, token, offline: isTrue(env.HF_HUB_OFFLINE), timeoutMs: seconds * 1000 };
}
