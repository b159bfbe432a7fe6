// The notice that the session on screen continues one that died with the engine process (main records why in session_started).

import { EngineCrashMarkerSchema } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';

export function EngineCrashNotice({ events }: { events: readonly TimelineEvent[] }) {
  const started = events.find((event) => event.kind === 'session_started');
  const marker = EngineCrashMarkerSchema.safeParse(started?.payload.continuesAfterEngineCrash);
  if (!marker.success) return null;
  return (
    <section className="notice" role="status" data-testid="engine-crash-notice">
      <strong>Tandem's engine stopped unexpectedly (exit code {marker.data.exitCode}) and was restarted</strong>; this is a new
      session that continues the conversation. What was said before is kept
      {marker.data.previousSessionFolder ? <> in <code>{marker.data.previousSessionFolder}</code></> : ' in the previous session folder'}.
    </section>
  );
}
