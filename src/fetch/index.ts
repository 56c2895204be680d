/**
 * Downloads of model sources named on the Hugging Face Hub (`hf:OWNER/REPO/PATH[@REVISION]`) or by
 * `https://` URL: resolved, streamed into the build cache once, verified against a pinned sha256 or
 * the lock file, and reused offline. Stands alone: no Astro, no sharp, no model readers.
 */
export { DownloadError, redact } from './errors.ts';
export { downloadFile, type DownloadProgress } from './download.ts';
export { downloadDir, fetchRemoteModel, remoteUrl, type RemoteModel, type RemoteModelRequest, type RemoteSource } from './fetch-model.ts';
export { hubRepoInfo, hubTextFile, pickWeightsFile, WEIGHT_FILES, type HubRepoFile, type HubRepoInfo } from './hub-api.ts';
export { formatLock, LOCK_FILE_NAME, readLock, writeLock, type LockEntry, type ModelLock } from './lock.ts';
export { hubSettings, DEFAULT_ENDPOINT, type HubSettings } from './settings.ts';
export {
	formatHubSource,
	hubFileUrl,
	HUB_SOURCE_FORM,
	parseDownloadUrl,
	parseHubFile,
	parseHubRepo,
	parseModelSource,
	SourceSyntaxError,
	type HubFile,
	type HubRepo,
	type ModelSource,
} from './source.ts';
