/**
 * One HTTP GET as downloads need it: redirects followed by hand (the Hub answers large files with a
 * 302 to a CDN on another host), the token sent to the Hub's origin only, a timeout that also covers
 * a body that stops arriving, and every failure turned into a one-line DownloadError.
 */
import { DownloadError, redact } from './errors.ts';
import type { HubSettings } from './settings.ts';

const MAX_REDIRECTS = 10;
const OFFLINE_HINT = 'to build from the download cache only, set HF_HUB_OFFLINE=1';

/** An open response whose body the caller reads, calling `alive()` per chunk and `close()` at the end. */
export interface OpenResponse {
	response: Response;
	/** The URL that answered, after redirects. */
	finalUrl: string;
	/** Restarts the idle timer: call it whenever a chunk arrives. */
	alive(): void;
	/** Stops the timer; the body must be read or cancelled by then. */
	close(): void;
	/** Maps an error thrown while reading the body (timeout, reset) to a DownloadError. */
	failure(error: unknown): DownloadError;
}

export interface GetOptions {
	settings: HubSettings;
	/** The model config (or command) the download is for; the first words of every message. */
	label: string;
	accept?: string;
}

/**
 * GETs `url` and resolves once a 2xx response's headers arrived; throws DownloadError otherwise.
 * @example
 * const open = await openGet(url, { settings, label: 'models/net.json' });
 * try { for await (const chunk of open.response.body!) { open.alive(); ... } } catch (e) { throw open.failure(e); } finally { open.close(); }
 */
export async function openGet(url: string, options: GetOptions): Promise<OpenResponse> {
	const { settings, label } = options;
	if (settings.offline) {
		throw new DownloadError(label, `cannot download ${url}: HF_HUB_OFFLINE is set`, 'Unset HF_HUB_OFFLINE to download it once', 'offline');
	}
	const hubOrigin = new URL(settings.endpoint).origin;
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	let timedOut = false;
	const alive = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			timedOut = true;
			controller.abort();
		}, settings.timeoutMs);
	};
	const close = () => clearTimeout(timer);
	const failure = (error: unknown) => networkError(error, url, label, settings, timedOut);

	let current = url;
	alive();
	try {
		for (let hop = 0; ; hop++) {
			const headers: Record<string, string> = { 'user-agent': 'kernel-atlas', accept: options.accept ?? '*/*' };
			// Only the Hub's own origin gets the token, as the Hub's JavaScript client does: a CDN URL
			// it redirects to is already signed, and any other host must never see it.
			if (settings.token && new URL(current).origin === hubOrigin) headers.authorization = `Bearer ${settings.token}`;
			const response = await fetch(current, { redirect: 'manual', headers, signal: controller.signal });
			const location = response.headers.get('location');
			if (response.status >= 300 && response.status < 400 && location) {
				await response.body?.cancel();
				const next = new URL(location, current);
				if (hop >= MAX_REDIRECTS) throw new DownloadError(label, `cannot download ${url}: more than ${MAX_REDIRECTS} redirects`, 'Check the URL', 'redirect loop');
				if (new URL(current).protocol === 'https:' && next.protocol !== 'https:') {
					throw new DownloadError(label, `cannot download ${url}: it redirects to an insecure ${next.protocol}// URL`, 'Use a source served over https', 'insecure redirect');
				}
				current = next.href;
				alive();
				continue;
			}
			if (!response.ok) {
				await response.body?.cancel();
				close();
				throw statusError(response, url, label, settings, new URL(url).origin === hubOrigin);
			}
			alive();
			return { response, finalUrl: current, alive, close, failure };
		}
	} catch (error) {
		close();
		throw error instanceof DownloadError ? error : failure(error);
	}
}

/** An HTTP error answer as a message that says what to do; the Hub's X-Error-Code sharpens it. */
function statusError(response: Response, url: string, label: string, settings: HubSettings, fromHub: boolean): DownloadError {
	const status = response.status;
	const code = response.headers.get('x-error-code');
	const what = `HTTP ${status}${code ? `, ${code}` : ''}`;
	const reason = `HTTP ${status}`;
	if (fromHub && (code === 'RepoNotFound' || status === 404)) {
		const privateNote = settings.token ? '' : '; a private repository also needs HF_TOKEN';
		return new DownloadError(label, `cannot download ${url}: not found (${what})`, `Check the repository, the file path and the revision in "source"${privateNote}`, reason);
	}
	if (status === 401 || status === 403) {
		if (!fromHub) return new DownloadError(label, `cannot download ${url}: access denied (${what})`, 'The server refuses it; check the URL or download the file by hand into models/', reason);
		const hint = settings.token
			? 'HF_TOKEN was sent but gives no access: accept the model\'s terms on its Hub page, or use a token with read access'
			: 'The repository is gated or private: accept its terms on its Hub page and set HF_TOKEN to a token with read access';
		return new DownloadError(label, `cannot download ${url}: access denied (${what})`, hint, reason);
	}
	if (status === 404 || status === 410) return new DownloadError(label, `cannot download ${url}: not found (${what})`, 'Check the URL in "source"', reason);
	if (status === 429 || status >= 500) return new DownloadError(label, `cannot download ${url}: the server is busy or failing (${what})`, `Try again later; ${OFFLINE_HINT}`, reason);
	return new DownloadError(label, `cannot download ${url}: the server answered ${what}`, 'Check the URL in "source"', reason);
}

/** A failure before or during the body: no route, refused, reset, or our own timeout. */
function networkError(error: unknown, url: string, label: string, settings: HubSettings, timedOut: boolean): DownloadError {
	if (error instanceof DownloadError) return error;
	if (timedOut) {
		const seconds = settings.timeoutMs / 1000;
		return new DownloadError(label, `cannot download ${url}: no answer within ${seconds} s`, `Check the network, or raise HF_HUB_DOWNLOAD_TIMEOUT; ${OFFLINE_HINT}`, 'timed out', { cause: error });
	}
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	const detail = redact(cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error), settings.token);
	return new DownloadError(label, `cannot download ${url}: no connection (${detail})`, `Check the network and HF_ENDPOINT; ${OFFLINE_HINT}`, 'no connection', { cause: error });
}
