// Entry of the background worker thread: hosts one ChatProvider so model inference and streaming never share the micro-turn thread.

import { parentPort } from 'node:worker_threads';
import { ProviderError, type ChatProvider } from './chatProvider';
import { createChatProvider } from './providerFactory';
import type { FromWorker, ToWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('backgroundWorker.js must run in a worker thread (new Worker(...)), not as a script.');

let provider: ChatProvider | null = null;
const turns = new Map<number, AbortController>();
const send = (message: FromWorker) => port.postMessage(message);

async function runTurn(id: number, message: Extract<ToWorker, { type: 'turn' }>): Promise<void> {
  const controller = new AbortController();
  turns.set(id, controller);
  try {
    if (!provider) throw new ProviderError('provider_error', 'The background worker got a turn before its provider was set up.');
    for await (const chunk of provider.streamTurn({ messages: message.messages, tools: message.tools, signal: controller.signal })) send({ type: 'chunk', id, chunk });
    send({ type: 'end', id });
  } catch (error) {
    const code = error instanceof ProviderError ? error.code : 'provider_error';
    send({ type: 'error', id, code, message: (error as Error)?.message ?? String(error) });
  } finally {
    turns.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message?.type) {
    case 'init':
      provider = createChatProvider(message.settings);
      send({ type: 'ready', description: provider.description, local: provider.local });
      break;
    case 'turn':
      void runTurn(message.id, message);
      break;
    case 'abort':
      turns.get(message.id)?.abort(message.reason);
      break;
    case 'dispose':
      for (const controller of turns.values()) controller.abort('disposed');
      void (provider?.dispose() ?? Promise.resolve()).catch(() => undefined).finally(() => {
        send({ type: 'disposed' });
        port.close();
      });
      break;
    default:
      break;
  }
});
