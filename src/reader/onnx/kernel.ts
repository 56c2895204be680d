/** Computes a layer's kernel as float32 in ONNX layout: dequantised where stored quantised, with its bias. */
import { OnnxError } from '../errors.ts';
import { outputChannels, type LayerPlan } from './layers.ts';
import { dequantize } from './quantize.ts';
import type { ConstantResolver, Resolution } from './resolve.ts';
import type { Values } from './tensor-data.ts';
import type { Kernel } from '../model.ts';

/** The kernel of one planned layer (throws OnnxError for a kernel computed at run time). */
export function computeKernel(plan: LayerPlan, resolver: ConstantResolver, file: string): Kernel {
	const { layer, node, weight } = plan;
	if ('dynamic' in weight) {
		throw new OnnxError(file, `layer ${layer.index} ("${layer.name}") has no stored kernel: ${weight.dynamic}`, 'Only constant kernels can be exported; pick another layer (kernel-atlas inspect lists them)', {
			subject: layer.name,
		});
	}
	const w = weight.evaluate();
	const dims = w.dims;
	let data: Float32Array;
	let bias: Float32Array | null = null;
	const param = (i: number): Values | null => {
		const name = node.inputs[i];
		return name ? constant(resolver.resolve(name), `input ${i} of ${node.opType} node "${layer.name}"`, file, layer.name).evaluate().data : null;
	};
	const required = (i: number): Values => {
		const values = param(i);
		if (!values?.length) throw new OnnxError(file, `${node.opType} node "${layer.name}" lacks its input ${i}`, 'Re-export the model', { subject: layer.name });
		return values;
	};
	if (plan.op === 'ConvInteger') {
		// ConvInteger's kernel is q - w_zero_point (per tensor or per output channel): no scale exists.
		data = dequantize(w.data, dims, Float32Array.of(1), param(3), 0);
	} else if (plan.op === 'QLinearConv') {
		const wScale = required(4);
		data = dequantize(w.data, dims, wScale, param(5), 0);
		const b = plan.bias ? constant(plan.bias, 'the bias', file, layer.name).evaluate().data : null;
		if (b) {
			// QLinearConv's int32 bias is in units of x_scale * w_scale (per output channel).
			const xScale = required(1)[0]!;
			bias = new Float32Array(b.length);
			for (let c = 0; c < b.length; c++) bias[c] = Math.fround(b[c]! * Math.fround(xScale * wScale[wScale.length === 1 ? 0 : c]!));
		}
	} else {
		data = w.data instanceof Float32Array ? w.data : Float32Array.from(w.data);
		if (plan.bias) {
			const b = constant(plan.bias, 'the bias', file, layer.name).evaluate().data;
			bias = b instanceof Float32Array ? b : Float32Array.from(b);
		}
	}
	const expected = outputChannels(plan.op, dims, plan.geometry.group);
	if (bias && bias.length !== expected) {
		throw new OnnxError(file, `layer "${layer.name}" has a bias of ${bias.length} values for ${expected} output channels`, 'Re-export the model', { subject: layer.name });
	}
	return { dims, data, bias };
}

function constant(r: Resolution, what: string, file: string, subject: string) {
	if ('dynamic' in r) {
		throw new OnnxError(file, `${what} of layer "${subject}" is not a constant: ${r.dynamic}`, 'Only constant kernels and biases can be read', { subject });
	}
	return r;
}
