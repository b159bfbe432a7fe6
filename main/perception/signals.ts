// The perception signals a session feeds frames to (repetition counter, code watcher, visual watches), made in one place.

import type { PerceptionSignals, SharedPerceptionSignals } from '../engine/session';
import { RepetitionCounter, type RepetitionCounterConfigInput } from './repetition';
import { VisualWatches } from './watch';

export interface PerceptionSignalOptions {
  repetition?: RepetitionCounterConfigInput;
}

/** One session's signals (or a benchmark's, reset between runs). */
export function createPerceptionSignals(options: PerceptionSignalOptions = {}): SharedPerceptionSignals {
  const repetition = new RepetitionCounter(options.repetition);
  const watches = VisualWatches.create();
  const signals: PerceptionSignals = { repetition, watches };
  return {
    signals,
    resetForRun() {
      repetition.reset();
      for (const watch of watches.list()) watches.cancel(watch.id);
      watches.take();
    },
    async dispose() {
      await watches.dispose();
    },
  };
}
