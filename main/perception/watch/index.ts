// Visual watches: what the session and the benchmarks import.

export { VisualWatches, type VisualWatchesOptions, type WatchTextReader } from './visualWatches';
export { textAppears } from './textMatch';
