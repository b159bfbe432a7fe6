// Messages between the engine thread and the background worker thread (structured-clone safe, checked on arrival).

import type { BackgroundProviderSettings } from '../../common/ipc';
import type { ChatChunk, ChatMessage, ChatToolSpec } from './chatProvider';

export type ToWorker =
  | { type: 'init'; settings: BackgroundProviderSettings }
  | { type: 'turn'; id: number; messages: ChatMessage[]; tools: ChatToolSpec[] }
  | { type: 'abort'; id: number; reason: string }
  | { type: 'dispose' };

export type FromWorker =
  | { type: 'ready'; description: string; local: boolean }
  | { type: 'chunk'; id: number; chunk: ChatChunk }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; code: string; message: string }
  | { type: 'disposed' };
