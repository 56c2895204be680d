/**
 * The fuzz targets: the ONNX reader, the safetensors reader (single files and shard indexes), the
 * PyTorch reader (the zip, and the pickle behind a valid checksum) and the config loader (with the lock
 * file and what `add` reads from the Hub). Each runs one input through everything a command would do
 * with it and throws only for a finding: an error that is not a typed, user-facing one, or a broken
 * invariant. Seeds are the generated fixtures and the hostile corpus.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixtures, FIXTURES, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { caseDir, ensureCorpus } from '../../scripts/make-hostile-corpus.ts';
import { isUserError } from '../../src/cli/errors.ts';
import { CORPUS, isModelCase, type CorpusFormat } from '../fixtures/corpus/index.ts';
import { safetensorsBytes, tensorPy, torchSaveBytes, type TensorSpec } from '../fixtures/checkpoint-writer.ts';
import { resnet18dKeys, stateDict } from '../fixtures/checkpoint-models.ts';
import { pickleProtocol2, type Py } from '../fixtures/pickle-writer.ts';
import { zipBytes } from '../fixtures/zip-writer.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface FuzzTarget {
	name: 'onnx' | 'safetensors' | 'pytorch' | 'config';
	about: string;
	/** The source folders whose coverage is measured and reported. */
	scope: string[];
	seeds(): Uint8Array[];
	/** Tokens a mutation may insert. */
	dictionary: (string | number[])[];
	/** Prepares the scratch folder `dir` once. */
	setup(dir: string): void;
	/** Runs one input; resolves, or rejects with a finding. */
	run(data: Uint8Array, dir: string): Promise<void>;
}

/** Seeds larger than this are left out: mutating a 300 kB flood of nodes costs a second per execution. */
const MAX_SEED = 64 * 1024;

/** Every regular file (up to MAX_SEED) of the corpus cases of these formats whose path matches `pattern`. */
function corpusFiles(formats: CorpusFormat[], pattern: RegExp): Uint8Array[] {
	ensureCorpus();
	const files: Uint8Array[] = [];
	for (const c of CORPUS) {
		if (!formats.includes(c.format)) continue;
		const dir = caseDir(c);
		const paths = isModelCase(c) ? [join(dir, c.file)] : readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f)));
		for (const path of paths) {
			const stat = statSync(path, { throwIfNoEntry: false });
			if (stat?.isFile() && stat.size <= MAX_SEED && pattern.test(path)) files.push(readFileSync(path));
		}
	}
	return files;
}

/** Opens a model as the commands do, reads and exports every kernel, analyses it; typed errors are fine. */
async function readEverything(path: string): Promise<void> {
	const { openModel, formatLayerTable, kernelToJson, writeNpy, withExposedOutputs } = await import('../../src/reader/index.ts');
	const { analyseLayer } = await import('../../src/analysis/index.ts');
	let model: Awaited<ReturnType<typeof openModel>> | null = null;
	try {
		model = await openModel(path, { sha256: '0'.repeat(64) });
		formatLayerTable(model);
		for (const layer of model.layers) {
			if (layer.storage === 'dynamic') continue;
			const kernel = await model.readKernel(layer);
			JSON.stringify(kernelToJson(layer, kernel));
			writeNpy(kernel);
			analyseLayer(kernel, layer, { colorOrder: 'RGB' });
		}
		if (model.info.format === 'onnx') await withExposedOutputs(path, model.layers.slice(0, 1).map((l) => l.onnx!.output).filter(Boolean));
	} catch (error) {
		if (!isUserError(error)) throw error;
	} finally {
		model?.close();
	}
}

const small = (name: string, shape: number[], seed: number): TensorSpec => ({ name, dtype: 'float32', shape, data: new Uint8Array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(seed + i)).buffer) });
const SMALL = [small('conv1.weight', [4, 3, 3, 3], 1), small('bn1.running_var', [4], 2), small('layer.0.weight', [2, 4, 1, 1], 3), small('layer.0.bias', [2], 4)];
/** One byte chooses what the rest of the input is (a target with two entry points). */
const withMode = (mode: number, bytes: Uint8Array) => Buffer.concat([Uint8Array.of(mode), bytes]);

export const TARGETS: FuzzTarget[] = [
	{
		name: 'onnx',
		about: 'ONNX reader: scan, resolve, layers, kernels, exposed-output copy; then export and analysis',
		scope: ['src/reader/', 'src/analysis/'],
		seeds: () => {
			ensureFixtures();
			return [...FIXTURES.map((f) => readFileSync(join(GENERATED_DIR, `${f.name}.onnx`))), ...corpusFiles(['onnx', 'external'], /\.onnx$/)];
		},
		dictionary: ['Conv', 'ConvTranspose', 'QLinearConv', 'DequantizeLinear', 'Identity', 'Constant', 'Reshape', 'Cast', 'value', 'pads', 'strides', 'group', 'auto_pad', 'SAME_UPPER', 'location', 'offset', 'length', 'external-data.bin', '../x', [0x08], [0x12], [0x22], [0x2a], [0x3a], [0x42], [0x4a], [0x70, 0x01], [0xff, 0xff, 0xff, 0xff, 0x0f]],
		setup: (dir) => {
			ensureFixtures();
			mkdirSync(join(dir, 'ext'), { recursive: true });
			copyFileSync(join(GENERATED_DIR, 'external-data.bin'), join(dir, 'external-data.bin'));
			copyFileSync(join(GENERATED_DIR, 'ext/external-data-b.bin'), join(dir, 'ext/external-data-b.bin'));
		},
		run: async (data, dir) => {
			writeFileSync(join(dir, 'model.onnx'), data);
			await readEverything(join(dir, 'model.onnx'));
		},
	},
	{
		name: 'safetensors',
		about: 'safetensors reader: a single file (first byte even) or a shard index beside two shards (odd)',
		scope: ['src/reader/', 'src/analysis/'],
		seeds: () => [
			withMode(0, safetensorsBytes(SMALL, { format: 'pt' })),
			withMode(0, safetensorsBytes(stateDict(resnet18dKeys().slice(0, 12), 3))),
			withMode(0, readFileSync(join(ROOT, 'tests/fixtures/checkpoints/tiny-cnn.safetensors'))),
			withMode(1, Buffer.from(JSON.stringify({ metadata: {}, weight_map: { 'a.weight': 'a.safetensors', 'b.weight': 'b.safetensors' } }))),
			...corpusFiles(['safetensors'], /\.safetensors$/).map((f) => withMode(0, f)),
			...corpusFiles(['safetensors'], /index\.json$/).map((f) => withMode(1, f)),
		],
		dictionary: ['"dtype"', '"F32"', '"F16"', '"BF16"', '"F8_E4M3"', '"I64"', '"shape"', '"data_offsets"', '"__metadata__"', '"weight_map"', '.weight', '.bias', '.running_var', '"a.safetensors"', '"../x"', '[', ']', '{', '}', ',', '0', '-1', '1e300', '4294967296'],
		setup: (dir) => {
			writeFileSync(join(dir, 'a.safetensors'), safetensorsBytes([small('a.weight', [2, 3, 3, 3], 5)], { format: 'pt' }));
			writeFileSync(join(dir, 'b.safetensors'), safetensorsBytes([small('b.weight', [2, 2, 1, 1], 6), small('b.bias', [2], 7)]));
		},
		run: async (data, dir) => {
			const path = join(dir, data[0]! & 1 ? 'model.safetensors.index.json' : 'model.safetensors');
			writeFileSync(path, data.subarray(1));
			await readEverything(path);
		},
	},
	{
		name: 'pytorch',
		about: 'PyTorch reader: a torch.save zip (first byte even), or a pickle zipped behind a valid CRC with four storages (odd)',
		scope: ['src/reader/', 'src/analysis/'],
		seeds: () => {
			const tensors = SMALL.map((t, i) => [t.name, tensorPy(t, String(i))] as [Py, Py]);
			return [
				withMode(0, torchSaveBytes(SMALL, { byteorder: 'little' })),
				withMode(0, readFileSync(join(ROOT, 'tests/fixtures/checkpoints/tiny-cnn.pt'))),
				withMode(0, readFileSync(join(ROOT, 'tests/fixtures/checkpoints/tiny-cnn-view.pt'))),
				withMode(1, pickleProtocol2({ ordered: tensors })),
				withMode(1, pickleProtocol2({ dict: [['state_dict', { ordered: tensors }], ['epoch', 3], ['lr', 0.25]] })),
				...corpusFiles(['pytorch'], /\.(pt|pth)$/).map((f) => withMode(0, f)),
			];
		},
		dictionary: ['collections\nOrderedDict\n', 'torch._utils\n_rebuild_tensor_v2\n', 'torch\nFloatStorage\n', 'torch\nHalfStorage\n', 'storage', 'cpu', 'posix\nsystem\n', [0x80, 0x02], [0x28], [0x29], [0x2e], [0x4b], [0x51], [0x52], [0x58], [0x5d], [0x61], [0x62], [0x63], [0x68], [0x71], [0x75], [0x7d], [0x85], [0x86], [0x87], [0x8a], [0x93], [0x94], [0x95], 'PK\x01\x02', 'PK\x03\x04', 'PK\x05\x06', 'PK\x06\x06', 'PK\x06\x07', 'archive/data/0', '/../'],
		setup: () => {},
		run: async (data, dir) => {
			const pickle = data.subarray(1);
			const bytes = data[0]! & 1 ? zipBytes([{ name: 'archive/data.pkl', data: pickle }, ...SMALL.map((t, i) => ({ name: `archive/data/${i}`, data: t.data })), { name: 'archive/version', data: Buffer.from('3\n') }]) : pickle;
			writeFileSync(join(dir, 'model.pt'), bytes);
			await readEverything(join(dir, 'model.pt'));
		},
	},
	{
		name: 'config',
		about: 'config loader (parseModelConfig, then resolveModelSource must stay in models/ or node_modules), the lock file, and what add reads from the Hub (timm config.json, model card)',
		scope: ['src/config/', 'src/fetch/'],
		seeds: () => [
			...readdirSync(join(ROOT, 'models')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(ROOT, 'models', f))),
			...corpusFiles(['config', 'download'], /\.json$/),
			Buffer.from(JSON.stringify({ lockfileVersion: 1, downloads: [{ source: 'hf:a/b/model.onnx', url: 'https://huggingface.co/a/b/resolve/main/model.onnx', sha256: 'a'.repeat(64), bytes: 10, files: [{ name: 'x.safetensors', sha256: 'b'.repeat(64), bytes: 3 }] }] })),
			Buffer.from(JSON.stringify({ pretrained_cfg: { input_size: [3, 256, 256], mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], interpolation: 'bicubic', crop_pct: 0.95 } })),
			Buffer.from('---\nlicense: apache-2.0\ntags: [timm]\n---\n# resnet18d\n'),
		],
		dictionary: ['"title"', '"source"', '"sha256"', '"preprocess"', '"size"', '"featured"', '"limits"', '"paper"', '"url"', '"sourceUrl"', '"hf:acme/net/model.onnx@main"', '"https://example.org/x.onnx"', '"javascript:alert(1)"', '"../x.onnx"', '"/etc/passwd"', '"@scope/pkg/../../x"', '"__proto__"', '1e999', '-0', 'true', 'null', '"lockfileVersion"', '"downloads"', '"pretrained_cfg"', '"input_size"', 'license:', '---\n'],
		setup: (dir) => {
			mkdirSync(join(dir, 'models', 'sub'), { recursive: true });
			writeFileSync(join(dir, 'models', 'net.onnx'), 'x');
		},
		run: async (data, dir) => {
			const { parseModelConfig, resolveModelSource } = await import('../../src/config/load-configs.ts');
			const { licenceFromModelCard, preprocessFromTimm } = await import('../../src/config/from-hub.ts');
			const { parseModelSource, readLock } = await import('../../src/fetch/index.ts');
			const text = Buffer.from(data).toString('utf8');
			const models = join(dir, 'models');
			try {
				const config = parseModelConfig('models/fuzz.json', text);
				parseModelSource(config.source);
				if (config.source.startsWith('hf:') || /^[a-z]+:\/\//i.test(config.source)) return;
				const path = resolveModelSource(config, models, dir);
				const inside = [resolve(models) + sep, resolve(dir, 'node_modules') + sep];
				if (!inside.some((prefix) => path.startsWith(prefix))) throw new Error(`finding: source ${JSON.stringify(config.source)} resolved outside models/: ${path}`);
			} catch (error) {
				if (!isUserError(error)) throw error;
			}
			writeFileSync(join(models, 'models.lock.json'), data);
			try {
				readLock(join(models, 'models.lock.json'));
			} catch (error) {
				if (!isUserError(error)) throw error;
			}
			// What add reads from a Hub repository is never refused: it must not throw at all.
			preprocessFromTimm(text);
			licenceFromModelCard(text);
		},
	},
];
