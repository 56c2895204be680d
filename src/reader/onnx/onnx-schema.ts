/**
 * The parts of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, proto2) the reader needs: field
 * numbers and enum values, kept apart from the walking logic. Only numbers, no behaviour.
 */

export const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, domain: 4, modelVersion: 5, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
export const OPSET = { domain: 1, version: 2 } as const;
export const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12, valueInfo: 13, sparseInitializer: 15 } as const;
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, docString: 6, domain: 7 } as const;
export const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, t: 5, g: 6, floats: 7, ints: 8, strings: 9, tensors: 10, type: 20 } as const;
/** AttributeProto.AttributeType values. */
export const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7, strings: 8 } as const;
export const TENSOR = {
	dims: 1,
	dataType: 2,
	segment: 3,
	floatData: 4,
	int32Data: 5,
	stringData: 6,
	int64Data: 7,
	name: 8,
	rawData: 9,
	doubleData: 10,
	uint64Data: 11,
	docString: 12,
	externalData: 13,
	dataLocation: 14,
} as const;
export const STRING_ENTRY = { key: 1, value: 2 } as const;
/** TensorProto.DataLocation: EXTERNAL means the bytes are in another file. */
export const DATA_LOCATION_EXTERNAL = 1;
export const VALUE_INFO = { name: 1, type: 2 } as const;
export const TYPE = { tensorType: 1 } as const;
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIMENSION = { dimValue: 1, dimParam: 2 } as const;

/** TensorProto.DataType values the reader decodes, with their names and byte sizes. */
export const DTYPE = {
	float: 1,
	uint8: 2,
	int8: 3,
	uint16: 4,
	int16: 5,
	int32: 6,
	int64: 7,
	string: 8,
	bool: 9,
	float16: 10,
	double: 11,
	uint32: 12,
	uint64: 13,
	bfloat16: 16,
} as const;

/** Bytes per element in raw_data, by TensorProto.DataType. */
export const DTYPE_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };

/** Readable names, for messages and for the `dtype` field. */
export const DTYPE_NAME: Record<number, string> = {
	1: 'float32',
	2: 'uint8',
	3: 'int8',
	4: 'uint16',
	5: 'int16',
	6: 'int32',
	7: 'int64',
	8: 'string',
	9: 'bool',
	10: 'float16',
	11: 'float64',
	12: 'uint32',
	13: 'uint64',
	16: 'bfloat16',
};

/**
 * The typed field that holds a tensor's values when raw_data is absent (TensorProto's comments):
 * float in float_data; small ints, bool, float16 and bfloat16 bit patterns in int32_data; int64 in
 * int64_data; double in double_data; uint32/uint64 in uint64_data.
 */
export const TYPED_FIELD: Record<number, number> = {
	1: TENSOR.floatData,
	2: TENSOR.int32Data,
	3: TENSOR.int32Data,
	4: TENSOR.int32Data,
	5: TENSOR.int32Data,
	6: TENSOR.int32Data,
	9: TENSOR.int32Data,
	10: TENSOR.int32Data,
	16: TENSOR.int32Data,
	7: TENSOR.int64Data,
	11: TENSOR.doubleData,
	12: TENSOR.uint64Data,
	13: TENSOR.uint64Data,
};
