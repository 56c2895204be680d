/**
 * `kernel-atlas add hf:OWNER/REPO[@REVISION]`: a config scaffolded from a Hugging Face Hub repository.
 * The weights are downloaded into the build cache (so the next build does not download them again)
 * and recorded in the lock file; the layer table is printed when a reader can open the file.
 */
import { join, relative } from 'node:path';
import { licenceFromModelCard, preprocessFromTimm } from '../../config/from-hub.ts';
import type { ModelConfigInput } from '../../config/model-config.ts';
import {
	DownloadError,
	fetchRemoteModel,
	formatHubSource,
	hubRepoInfo,
	hubSettings,
	hubTextFile,
	LOCK_FILE_NAME,
	parseHubRepo,
	pickWeightsFile,
	readLock,
	WEIGHT_FILES,
	writeLock,
	type HubFile,
	type HubRepo,
} from '../../fetch/index.ts';
import { formatBytesProgress, ProgressReporter } from '../../pipeline/progress.ts';
import { UsageError } from '../errors.ts';
import { layerTableOf, scaffoldTarget, slug, writeScaffold } from '../scaffold.ts';

export interface AddFromHubOptions {
	modelsDir: string;
	id?: string;
	force?: boolean;
	/** Where `.atlas-cache/` lives: the project root, the working directory by default. */
	root?: string;
}

/** Scaffolds a config from `hf:OWNER/REPO[@REVISION]`; resolves to the exit code. */
export async function addFromHub(spec: string, options: AddFromHubOptions): Promise<number> {
	let repo: HubRepo;
	try {
		repo = parseHubRepo(spec);
	} catch (error) {
		throw new UsageError(`${(error as Error).message}; write hf:OWNER/REPO[@REVISION], e.g. hf:timm/resnet18d.ra2_in1k`);
	}
	const id = options.id ?? slug(repo.repo);
	const target = scaffoldTarget(options.modelsDir, id, options.force);
	const settings = hubSettings();
	const label = `hf:${repo.owner}/${repo.repo}`;
	if (settings.offline) throw new DownloadError(label, 'cannot read the repository: HF_HUB_OFFLINE is set', 'add asks the Hub for the files, licence and preprocessing: unset HF_HUB_OFFLINE', 'offline');

	const info = await hubRepoInfo(repo, settings, label);
	const weights = pickWeightsFile(info.files);
	if (!weights) {
		throw new DownloadError(label, `has no weights file add understands (${WEIGHT_FILES.join(', ')} or a single .onnx)`, 'Write the config by hand with "source": "hf:OWNER/REPO/PATH/IN/REPO"', 'no weights');
	}
	const card = await hubTextFile(repo, 'README.md', settings, label);
	const licence = card ? licenceFromModelCard(card) : null;
	const { preprocess, notes } = preprocessFromTimm(await hubTextFile(repo, 'config.json', settings, label));

	const file: HubFile = { ...repo, path: weights.path };
	const source = formatHubSource(file);
	const lockPath = join(options.modelsDir, LOCK_FILE_NAME);
	const lock = readLock(lockPath, relative(process.cwd(), lockPath) || lockPath);
	const progress = new ProgressReporter([id]);
	const started = performance.now();
	const model = await fetchRemoteModel({
		label: target.shown,
		sourceText: source,
		source: { kind: 'hub', file },
		// The Hub's LFS hash, when it gave one: the download must match what the Hub says it serves.
		expectedSha256: weights.sha256 ?? undefined,
		lock,
		cacheDir: join(options.root ?? process.cwd(), '.atlas-cache', 'downloads'),
		settings,
		onProgress: (p) => progress.update(id, { state: 'downloading', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
	});
	writeLock(lock);

	const config: ModelConfigInput = {
		title: { ja: repo.repo, en: repo.repo },
		description: { ja: `${repo.repo}（説明を書いてください）`, en: `${repo.repo} (write a description)` },
		source,
		...(weights.sha256 ? { sha256: weights.sha256 } : {}),
		license: licence ?? 'UNKNOWN (fill in the licence of the weights)',
		sourceUrl: `https://huggingface.co/${repo.owner}/${repo.repo}`,
		author: `${repo.owner} (fill in the authors named on the model card)`,
		task: info.pipelineTag ?? 'image-classification',
		preprocess,
		limits: { galleryLayers: 1 },
	};
	writeScaffold(target, config);

	const seconds = (performance.now() - started) / 1000;
	const fetched = model.downloadedBytes > 0 ? `downloaded ${formatBytesProgress(model.downloadedBytes, null, seconds)}` : 'already in the download cache';
	process.stdout.write(`Wrote ${target.shown} for ${source} (${fetched}; licence ${config.license}).\n`);
	for (const note of notes) process.stdout.write(`Note: ${note}.\n`);
	process.stdout.write('Next: write the title and description in both languages, check author and task, then npm run build.\n\n');
	const layers = await layerTableOf(model.path);
	process.stdout.write(layers.table);
	return 0;
}
