// Counting repetitions on the camera: the RepetitionSignal the session feeds camera frames to while counting is armed.

export { RepetitionCounter } from './counter';
export {
  RepetitionCounterConfigSchema,
  parseRepetitionCounterConfig,
  type RepetitionCounterConfig,
  type RepetitionCounterConfigInput,
} from './config';
export { FrameEmbedder, embeddingDistance } from './embedding';
export { PeriodicityTracker, type PeriodicityEstimate, type PeriodicityOptions } from './periodicity';
