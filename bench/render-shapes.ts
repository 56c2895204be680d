/** The convolution weight shapes of torchvision's ResNet-50, in data-flow order (53 layers, 23.5 M weights). */
export function resnet50Shapes(): number[][] {
	const shapes: number[][] = [[64, 3, 7, 7]];
	let inC = 64;
	for (const [blocks, width] of [[3, 64], [4, 128], [6, 256], [3, 512]]) {
		for (let b = 0; b < blocks; b++) {
			shapes.push([width, inC, 1, 1], [width, width, 3, 3], [width * 4, width, 1, 1]);
			if (b === 0) shapes.push([width * 4, inC, 1, 1]); // downsample branch
			inC = width * 4;
		}
	}
	return shapes;
}

/** Deterministic He-initialised weights of a shape (a cheap normal approximation, seeded). */
export function randomWeights(dims: number[], seed: number): Float32Array {
	const n = dims.reduce((a, b) => a * b);
	const fanIn = n / dims[0];
	const scale = Math.sqrt(2 / fanIn);
	const out = new Float32Array(n);
	let s = seed >>> 0 || 1;
	for (let i = 0; i < n; i++) {
		// Sum of three uniforms ≈ normal; xorshift keeps it fast and reproducible.
		let acc = 0;
		for (let t = 0; t < 3; t++) {
			s ^= s << 13;
			s ^= s >>> 17;
			s ^= s << 5;
			acc += (s >>> 0) / 4294967296 - 0.5;
		}
		out[i] = acc * 2 * scale;
	}
	return out;
}
