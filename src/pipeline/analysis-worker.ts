/** Worker thread of `layer-analyser.ts`: answers each posted layer with its summary, in order. */
import { parentPort } from 'node:worker_threads';
import { analyseLayer } from '../analysis/index.ts';
import { type SummaryReply, type SummaryRequest, summarise } from './layer-analyser.ts';
import { serializeError } from './worker-pool.ts';

const port = parentPort;
port?.on('message', ({ id, kernel, layer, colorOrder }: SummaryRequest) => {
	let reply: SummaryReply;
	try {
		reply = { id, summary: summarise(analyseLayer(kernel, layer, { colorOrder })) };
	} catch (error) {
		reply = { id, error: serializeError(error) };
	}
	port.postMessage(reply);
});
