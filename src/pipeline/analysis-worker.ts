/** Worker thread of `layer-analyser.ts`: answers each posted layer with its summary, in order, and gives its buffer back. */
import { parentPort } from 'node:worker_threads';
import { analyseLayer } from '../analysis/index.ts';
import { type SummaryReply, type SummaryRequest, summarise } from './layer-analyser.ts';
import { serializeError } from './worker-pool.ts';

const port = parentPort;
port?.on('message', ({ id, kernel, layer, colorOrder }: SummaryRequest) => {
	const buffer = kernel.data.buffer as ArrayBuffer;
	let reply: SummaryReply;
	try {
		reply = { id, summary: summarise(analyseLayer(kernel, layer, { colorOrder })), buffer };
	} catch (error) {
		reply = { id, error: serializeError(error), buffer };
	}
	port.postMessage(reply, [buffer]);
});
