/**
 * Writes large benchmark models (VGG-16 and ResNet-50 shapes, float32 raw_data initializers, PyTorch
 * scope names) straight to a file, chunk by chunk. Weight bytes are views of one random pool: their
 * values do not matter for speed, and the generator stays well under the file size in memory.
 */
import { randomFillSync } from 'node:crypto';
import { ProtoWriter } from '../src/reader/onnx/wire-writer.ts';
import { DTYPE, GRAPH, TENSOR } from '../src/reader/onnx/onnx-schema.ts';
import { nodeProto, valueInfo, writeModelFile } from '../tests/fixtures/onnx-builder.ts';

interface Builder {
	graph: ProtoWriter;
	pool: Uint8Array;
	convs: number;
}

function weight(b: Builder, name: string, dims: number[]): string {
	const bytes = dims.reduce((a, c) => a * c, 1) * 4;
	const t = new ProtoWriter();
	for (const d of dims) t.varint(TENSOR.dims, d);
	t.varint(TENSOR.dataType, DTYPE.float).string(TENSOR.name, name).bytes(TENSOR.rawData, b.pool.subarray(0, bytes));
	b.graph.bytes(GRAPH.initializer, t);
	return name;
}

function node(b: Builder, op: string, name: string, inputs: string[], output: string, ints: Record<string, number[]> = {}): string {
	b.graph.bytes(GRAPH.node, nodeProto(op, name, inputs, output, ints));
	return output;
}

/** A conv with bias (batch norm folded, as torch.onnx.export does), named like PyTorch scopes. */
function conv(b: Builder, scope: string, x: string, cin: number, cout: number, k: number, stride = 1): string {
	const w = weight(b, `onnx::Conv_${1000 + b.convs}`, [cout, cin, k, k]);
	const bias = weight(b, `onnx::Conv_${2000 + b.convs++}`, [cout]);
	const p = Math.floor(k / 2);
	return node(b, 'Conv', `${scope}/Conv`, [x, w, bias], `${scope}/Conv_output_0`, { kernel_shape: [k, k], strides: [stride, stride], pads: [p, p, p, p] });
}

function writeModel(path: string, b: Builder, output: string): number {
	b.graph.bytes(GRAPH.input, valueInfo('input', [1, 3, 224, 224])).bytes(GRAPH.output, valueInfo(output, [1, 1000]));
	return writeModelFile(path, b.graph, ['pytorch', '2.5.0']);
}

function builder(poolBytes: number): Builder {
	const pool = new Uint8Array(poolBytes);
	for (let at = 0; at < poolBytes; at += 1 << 30) randomFillSync(pool, at, Math.min(1 << 30, poolBytes - at));
	// Random bytes can be NaN patterns; keep them finite floats by clearing the top exponent bit.
	for (let i = 3; i < pool.length; i += 4) pool[i]! &= 0xbf;
	return { graph: new ProtoWriter().string(GRAPH.name, 'bench'), pool, convs: 0 };
}

/** VGG-16 (13 convs with bias, 3 fully connected layers): 138 M parameters, about 553 MB. */
export function writeVgg16(path: string): number {
	const b = builder(25088 * 4096 * 4);
	const stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
	let x = 'input';
	let cin = 3;
	let i = 0;
	for (const stage of stages) {
		for (const cout of stage) {
			x = conv(b, `/features/features.${i}`, x, cin, cout, 3);
			x = node(b, 'Relu', `/features/features.${i + 1}/Relu`, [x], `/features/features.${i + 1}/Relu_output_0`);
			cin = cout;
			i += 2;
		}
		x = node(b, 'MaxPool', `/features/features.${i}/MaxPool`, [x], `/features/features.${i}/MaxPool_output_0`, { kernel_shape: [2, 2], strides: [2, 2] });
		i += 1;
	}
	x = node(b, 'Flatten', '/Flatten', [x], '/Flatten_output_0');
	for (const [j, [inF, outF]] of [[25088, 4096], [4096, 4096], [4096, 1000]].entries()) {
		const w = weight(b, `classifier.${j * 3}.weight`, [outF!, inF!]);
		const bias = weight(b, `classifier.${j * 3}.bias`, [outF!]);
		x = node(b, 'Gemm', `/classifier/classifier.${j * 3}/Gemm`, [x, w, bias], j === 2 ? 'output' : `/classifier/classifier.${j * 3}/Gemm_output_0`);
	}
	return writeModel(path, b, 'output');
}

/** ResNet-50 (53 convs with folded batch norm, one fully connected layer): 25.5 M parameters, about 102 MB. */
export function writeResnet50(path: string): number {
	const b = builder(2048 * 1000 * 4 * 2);
	let x = conv(b, '/conv1', 'input', 3, 64, 7, 2);
	x = node(b, 'MaxPool', '/maxpool/MaxPool', [x], '/maxpool/MaxPool_output_0', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
	let cin = 64;
	for (const [s, [blocks, width]] of [[3, 64], [4, 128], [6, 256], [3, 512]].entries()) {
		for (let blk = 0; blk < blocks!; blk++) {
			const scope = `/layer${s + 1}/layer${s + 1}.${blk}`;
			const stride = blk === 0 && s > 0 ? 2 : 1;
			let y = conv(b, `${scope}/conv1`, x, cin, width!, 1);
			y = conv(b, `${scope}/conv2`, y, width!, width!, 3, stride);
			y = conv(b, `${scope}/conv3`, y, width!, width! * 4, 1);
			const shortcut = blk === 0 ? conv(b, `${scope}/downsample/downsample.0`, x, cin, width! * 4, 1, stride) : x;
			x = node(b, 'Add', `${scope}/Add`, [y, shortcut], `${scope}/Add_output_0`);
			x = node(b, 'Relu', `${scope}/relu/Relu`, [x], `${scope}/relu/Relu_output_0`);
			cin = width! * 4;
		}
	}
	x = node(b, 'GlobalAveragePool', '/avgpool/GlobalAveragePool', [x], '/avgpool/GlobalAveragePool_output_0');
	x = node(b, 'Flatten', '/Flatten', [x], '/Flatten_output_0');
	node(b, 'Gemm', '/fc/Gemm', [x, weight(b, 'fc.weight', [1000, 2048]), weight(b, 'fc.bias', [1000])], 'output');
	return writeModel(path, b, 'output');
}
