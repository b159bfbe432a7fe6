// Reading code on the screen: the watcher the session feeds screen frames to, and the pure one-frame pipeline it runs.

export { CodeWatcher, CODE_WATCH_WORKER_FILE, codeWatchWorkerPath, DEFAULT_OCR_WORKERS, type CodeWatcherOptions } from './codeWatcher';
export { createCodeAnalyzers, createCodeOcrWorker, readCodeFromFrame, type CodeAnalyzers, type CodeOcr, type CodeReadingResult, type ReadCodeOptions } from './readCode';
export { DEFAULT_FINDING_POLICY, type FindingPolicy } from './findings';
