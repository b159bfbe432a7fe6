// The micro-turn heartbeat: step time of each recent tick as a bar, against the 200 ms budget.

import type { TickMeasure } from '../../../common/ipc';
import { MAX_TICK_MEASURES } from '../state/sessionReducer';

const HEIGHT = 60;
/** Bars are scaled to 50 ms so ordinary steps are visible; anything above is clipped and marked late. */
const SCALE_MS = 50;

export function Heartbeat({ ticks }: { ticks: TickMeasure[] }) {
  const barWidth = 1000 / MAX_TICK_MEASURES;
  const last = ticks.at(-1);
  return (
    <figure className="heartbeat">
      <svg viewBox={`0 0 1000 ${HEIGHT}`} role="img" aria-label="Step time per micro-turn" data-testid="heartbeat">
        {ticks.map((tick, i) => {
          const h = Math.max(1, Math.min(1, tick.stepMs / SCALE_MS) * HEIGHT);
          return (
            <rect key={tick.turn} className={tick.latenessMs > 50 ? 'bar late' : 'bar'} data-testid="heartbeat-bar"
              x={i * barWidth} y={HEIGHT - h} width={barWidth * 0.8} height={h} />
          );
        })}
      </svg>
      <figcaption>
        {last ? `turn ${last.turn}: step ${last.stepMs.toFixed(1)} ms, late ${last.latenessMs.toFixed(1)} ms` : 'no micro-turns yet'}
      </figcaption>
    </figure>
  );
}
