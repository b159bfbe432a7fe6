// Headless QA on an installed build: `Tandem --run INPUT --out DIR [--im NAME] [--realtime]` does exactly `tandem run`, no window.

import { runInput } from '../cli/runInput';
import type { HeadlessRun } from './headlessArgs';

/** The same exit codes as `tandem run`: 0 done (expectations met), 3 expectations not met, 130 cut short, 1 failed. */
export async function runHeadless(run: HeadlessRun): Promise<number> {
  // As in the CLI: Ctrl-C (or a QA harness's SIGTERM) stops the session cleanly, even while it is still loading.
  let session: { stop(): void } | undefined;
  let stopRequested = false;
  const onSignal = (): void => {
    stopRequested = true;
    session?.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary = await runInput({
      input: run.input,
      outDir: run.outDir,
      im: run.im ?? 'harness',
      realtime: run.realtime,
      onSession: (started) => {
        session = started;
        if (stopRequested) started.stop();
      },
    });
    process.stdout.write(`tandem: ${summary.ticks} micro-turns; outputs in ${run.outDir}\n`);
    if (!summary.complete) return 130;
    return summary.expectations && !summary.expectations.passed ? 3 : 0;
  } catch (error) {
    process.stderr.write(`tandem: run of ${run.input} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
