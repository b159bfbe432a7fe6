// Messages between the code watcher (engine thread) and its reading thread (codeWatchWorker.ts).

import type { OcrModel } from '../ocr';
import type { CodeReadingResult } from './readCode';

export interface CodeWatchWorkerInit {
  ocrModel: OcrModel;
  /** How many tesseract workers read bands of a frame at once (1: the whole frame on one). */
  ocrWorkers: number;
}

export type ToCodeWatchWorker = {
  type: 'read';
  id: number;
  /** The frame's pixels; the buffer is transferred, not copied. */
  rgb: Uint8Array;
  width: number;
  height: number;
  atMs: number;
  frameIndex: number;
};

export type FromCodeWatchWorker =
  | { type: 'ready'; warmUpMs: number; threadId: number }
  | { type: 'startFailed'; message: string }
  | { type: 'read'; id: number; result: CodeReadingResult };
