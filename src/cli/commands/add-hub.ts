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
import type { ScaffoldFact } from '../../config/from-model.ts';
import { describeModelFile, scaffoldReport, scaffoldTarget, slug, TODO, writeScaffold } from '../scaffold.ts';

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
	const timmConfig = await hubTextFile(repo, 'config.json', settings, label);

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

	// What the repository states comes first (timm's config.json, the model card, the pipeline tag);
	// what the file states or suggests fills the rest, marked as such.
	const described = await describeModelFile(model.path);
	const timm = timmConfig ? preprocessFromTimm(timmConfig) : null;
	const hubFacts: ScaffoldFact[] = [];
	if (timm?.found) {
		const p = timm.preprocess;
		const value = `${JSON.stringify(p.size)}, mean ${JSON.stringify(p.mean)}, std ${JSON.stringify(p.std)}${p.interpolation ? `, ${p.interpolation}` : ''}${p.cropPct ? `, crop ${p.cropPct}` : ''}`;
		hubFacts.push({ field: 'preprocess', value, from: 'file', why: "timm's pretrained_cfg in the repository's config.json" });
	} else {
		hubFacts.push(...described.facts.facts.filter((f) => f.field.startsWith('preprocess')));
	}
	hubFacts.push({ field: 'license', value: licence ?? '(to fill in)', from: licence ? 'file' : 'guess', why: licence ? 'the model card\'s front matter' : 'the model card names no licence' });
	const task = info.pipelineTag ?? described.facts.task;
	hubFacts.push(info.pipelineTag ? { field: 'task', value: info.pipelineTag, from: 'file', why: "the repository's pipeline tag" } : described.facts.facts.find((f) => f.field === 'task')!);
	const config: ModelConfigInput = {
		title: { ja: repo.repo, en: repo.repo },
		description: TODO.description,
		source,
		...(weights.sha256 ? { sha256: weights.sha256 } : {}),
		license: licence ?? TODO.license,
		sourceUrl: `https://huggingface.co/${repo.owner}/${repo.repo}`,
		author: TODO.author(`the authors the model card names; the repository is ${repo.owner}'s`),
		task: task ?? TODO.task,
		preprocess: timm?.found ? timm.preprocess : described.facts.preprocess,
		limits: { galleryLayers: 1 },
	};
	writeScaffold(target, config);

	const seconds = (performance.now() - started) / 1000;
	const fetched = model.downloadedBytes > 0 ? `downloaded ${formatBytesProgress(model.downloadedBytes, null, seconds)}` : 'already in the download cache';
	process.stdout.write(`Wrote ${target.shown} for ${source} (id "${id}"${options.id ? '' : ', from the repository name'}; ${fetched}).\n`);
	const notes = [...(timm?.notes ?? []), ...described.facts.notes];
	process.stdout.write(`${scaffoldReport(config, hubFacts, notes)}\n`);
	process.stdout.write(described.table);
	return 0;
}
