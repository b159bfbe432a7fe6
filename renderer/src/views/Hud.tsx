// The compact always-on-top HUD (?view=hud, 360×140): session state, live dots for mic/camera/screen, the live caption and a heartbeat sparkline. It never captures or plays audio.

import { useEffect } from 'react';
import type { TickMeasure } from '../../../common/ipc';
import type { RendererBridge } from '../bridge/createBridge';
import { sourceLiveness, type SourceName } from '../state/hudSources';
import { connectStore, useSessionStore } from '../state/sessionStore';
import { Captions } from './Captions';

/** Ticks the sparkline shows (10 s). */
const SPARK_TICKS = 50;
/** Step times are drawn against this ceiling; slower steps are clipped to the top. */
const SPARK_SCALE_MS = 50;

export function Hud({ bridge }: { bridge: RendererBridge }) {
  const { status, events, ticks } = useSessionStore();
  // Events and ticks only: the full window owns the mic and the speaker, or the voice would play twice.
  useEffect(() => connectStore(bridge), [bridge]);
  const state = status?.state ?? 'connecting';
  const turn = status?.turn ?? 0;
  const nowMs = Math.max(turn * 200, events.at(-1)?.atMs ?? 0);
  const sources = sourceLiveness(status, events);
  return (
    <main className="hud" data-testid="hud">
      <header className="hud-bar">
        <span className={`state state-${state}`} data-testid="hud-status">{state}</span>
        {(['mic', 'camera', 'screen'] as SourceName[]).map((source) => (
          <span key={source} className={`source source-${sources[source]}`} data-testid={`hud-${source}`} title={`${source}: ${sources[source]}`}>
            <span className="dot" /> {source}
          </span>
        ))}
        <Sparkline ticks={ticks.slice(-SPARK_TICKS)} />
      </header>
      <Captions events={events} nowMs={nowMs} state={status?.state} compact />
    </main>
  );
}

function Sparkline({ ticks }: { ticks: readonly TickMeasure[] }) {
  const width = 80;
  const height = 18;
  const points = ticks
    .map((tick, i) => `${((i / Math.max(1, SPARK_TICKS - 1)) * width).toFixed(1)},${(height - Math.min(1, tick.stepMs / SPARK_SCALE_MS) * height).toFixed(1)}`)
    .join(' ');
  const last = ticks.at(-1);
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" data-testid="hud-sparkline"
      aria-label={last ? `step ${last.stepMs.toFixed(1)} ms at turn ${last.turn}` : 'no micro-turns yet'}>
      {ticks.length > 1 ? <polyline points={points} /> : null}
    </svg>
  );
}
