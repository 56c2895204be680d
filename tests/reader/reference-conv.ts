/**
 * Reference convolutions in plain TypeScript (float64 accumulation), written from the ONNX operator
 * definitions, to check extracted kernels against onnxruntime's outputs. 1-D, 2-D and 3-D, grouped,
 * strided, padded (explicit or auto_pad), dilated; Conv and ConvTranspose.
 */
import type { FlatLayer as ConvLayer } from './flat-layer.ts';

export interface Tensor {
	dims: number[];
	data: ArrayLike<number>;
}

/** Pads for this input size: explicit ones, or auto_pad worked out as ONNX defines it. */
export function padsFor(layer: ConvLayer, inSpatial: number[], kernel: number[]): number[] {
	if (layer.autoPad === 'NOTSET') return layer.pads;
	const begin: number[] = [];
	const end: number[] = [];
	inSpatial.forEach((size, i) => {
		const k = (kernel[i]! - 1) * layer.dilations[i]! + 1;
		const s = layer.strides[i]!;
		let total = 0;
		if (layer.autoPad !== 'VALID') {
			total = layer.op === 'ConvTranspose' ? Math.max(0, layer.outputPadding[i]! + k - s) : Math.max(0, (Math.ceil(size / s) - 1) * s + k - size);
		}
		const small = Math.floor(total / 2);
		begin.push(layer.autoPad === 'SAME_LOWER' ? total - small : small);
		end.push(layer.autoPad === 'SAME_LOWER' ? small : total - small);
	});
	return [...begin, ...end];
}

/** Views N-D spatial dims as 3-D (leading 1s), so one loop nest covers Conv1d, Conv2d and Conv3d. */
function as3d(values: number[], fill: number): [number, number, number] {
	const v = [...new Array<number>(3 - values.length).fill(fill), ...values];
	return [v[0]!, v[1]!, v[2]!];
}

/** Y = conv(X, W) + B, as ONNX Conv defines it. */
export function referenceConv(layer: ConvLayer, x: Tensor, w: Tensor, bias: ArrayLike<number> | null): Tensor {
	const [n, c] = x.dims as [number, number];
	const spatial = x.dims.slice(2);
	const [m, cg] = w.dims as [number, number];
	const kernel = w.dims.slice(2);
	const pads = padsFor(layer, spatial, kernel);
	const rank = spatial.length;
	const [iD, iH, iW] = as3d(spatial, 1);
	const [kD, kH, kW] = as3d(kernel, 1);
	const [sD, sH, sW] = as3d(layer.strides, 1);
	const [dD, dH, dW] = as3d(layer.dilations, 1);
	const [pD, pH, pW] = as3d(pads.slice(0, rank), 0);
	const [qD, qH, qW] = as3d(pads.slice(rank), 0);
	const out = (size: number, k: number, s: number, d: number, p: number, q: number) => Math.floor((size + p + q - ((k - 1) * d + 1)) / s) + 1;
	const [oD, oH, oW] = [out(iD, kD, sD, dD, pD, qD), out(iH, kH, sH, dH, pH, qH), out(iW, kW, sW, dW, pW, qW)];
	const g = layer.group;
	const mg = m / g;
	const y = new Float64Array(n * m * oD * oH * oW);
	const X = x.data;
	const W = w.data;
	let at = 0;
	for (let b = 0; b < n; b++)
		for (let oc = 0; oc < m; oc++) {
			const group = Math.floor(oc / mg);
			for (let od = 0; od < oD; od++)
				for (let oh = 0; oh < oH; oh++)
					for (let ow = 0; ow < oW; ow++) {
						let sum = bias ? bias[oc]! : 0;
						for (let ic = 0; ic < cg; ic++) {
							const xc = group * cg + ic;
							for (let kd = 0; kd < kD; kd++) {
								const id = od * sD - pD + kd * dD;
								if (id < 0 || id >= iD) continue;
								for (let kh = 0; kh < kH; kh++) {
									const ih = oh * sH - pH + kh * dH;
									if (ih < 0 || ih >= iH) continue;
									const xRow = (((b * c + xc) * iD + id) * iH + ih) * iW;
									const wRow = (((oc * cg + ic) * kD + kd) * kH + kh) * kW;
									for (let kw = 0; kw < kW; kw++) {
										const iw = ow * sW - pW + kw * dW;
										if (iw >= 0 && iw < iW) sum += X[xRow + iw]! * W[wRow + kw]!;
									}
								}
							}
						}
						y[at++] = sum;
					}
		}
	return { dims: [n, m, ...[oD, oH, oW].slice(3 - rank)], data: y };
}

/** Y = conv_transpose(X, W) + B, as ONNX ConvTranspose defines it (weight [C_in, C_out/group, k...]). */
export function referenceConvTranspose(layer: ConvLayer, x: Tensor, w: Tensor, bias: ArrayLike<number> | null): Tensor {
	const [n, c] = x.dims as [number, number];
	const spatial = x.dims.slice(2);
	const kernel = w.dims.slice(2);
	const rank = spatial.length;
	const pads = padsFor(layer, spatial, kernel);
	const g = layer.group;
	const cg = c / g;
	const mg = w.dims[1]!;
	const m = mg * g;
	const [iD, iH, iW] = as3d(spatial, 1);
	const [kD, kH, kW] = as3d(kernel, 1);
	const [sD, sH, sW] = as3d(layer.strides, 1);
	const [dD, dH, dW] = as3d(layer.dilations, 1);
	const [pD, pH, pW] = as3d(pads.slice(0, rank), 0);
	const [qD, qH, qW] = as3d(pads.slice(rank), 0);
	const [aD, aH, aW] = as3d(layer.outputPadding, 0);
	const out = (size: number, k: number, s: number, d: number, p: number, q: number, a: number) => s * (size - 1) + a + (k - 1) * d + 1 - p - q;
	const [oD, oH, oW] = [out(iD, kD, sD, dD, pD, qD, aD), out(iH, kH, sH, dH, pH, qH, aH), out(iW, kW, sW, dW, pW, qW, aW)];
	const y = new Float64Array(n * m * oD * oH * oW);
	const X = x.data;
	const W = w.data;
	for (let b = 0; b < n; b++)
		for (let ic = 0; ic < c; ic++) {
			const group = Math.floor(ic / cg);
			for (let id = 0; id < iD; id++)
				for (let ih = 0; ih < iH; ih++)
					for (let iw = 0; iw < iW; iw++) {
						const v = X[(((b * c + ic) * iD + id) * iH + ih) * iW + iw]!;
						for (let j = 0; j < mg; j++) {
							const oc = group * mg + j;
							for (let kd = 0; kd < kD; kd++) {
								const od = id * sD - pD + kd * dD;
								if (od < 0 || od >= oD) continue;
								for (let kh = 0; kh < kH; kh++) {
									const oh = ih * sH - pH + kh * dH;
									if (oh < 0 || oh >= oH) continue;
									for (let kw = 0; kw < kW; kw++) {
										const ow = iw * sW - pW + kw * dW;
										if (ow < 0 || ow >= oW) continue;
										y[(((b * m + oc) * oD + od) * oH + oh) * oW + ow]! += v * W[(((ic * mg + j) * kD + kd) * kH + kh) * kW + kw]!;
									}
								}
							}
						}
					}
		}
	if (bias) {
		const plane = oD * oH * oW;
		for (let i = 0; i < y.length; i++) y[i]! += bias[Math.floor(i / plane) % m]!;
	}
	return { dims: [n, m, ...[oD, oH, oW].slice(3 - rank)], data: y };
}

/** max |a - b| / max |b|: the relative error of a whole output. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
	let diff = 0;
	let scale = 0;
	for (let i = 0; i < expected.length; i++) {
		diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
		scale = Math.max(scale, Math.abs(expected[i]!));
	}
	return diff / Math.max(scale, 1e-12);
}
