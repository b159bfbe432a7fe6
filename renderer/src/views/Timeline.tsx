// The live two-lane timeline: user speech above, assistant speech below, on the 200 ms micro-turn grid, scrolling left.

import type { TimelineEvent } from '../../../common/timeline';
import { laneSegments } from '../state/sessionReducer';

const WINDOW_MS = 20_000;
const TURN_MS = 200;
const WIDTH = 1000;
const LANE_HEIGHT = 36;

export function Timeline({ events, nowMs }: { events: TimelineEvent[]; nowMs: number }) {
  const startMs = Math.max(0, nowMs - WINDOW_MS);
  const x = (ms: number) => ((ms - startMs) / WINDOW_MS) * WIDTH;
  const segments = laneSegments(events).filter((s) => (s.endMs ?? nowMs) >= startMs);
  const gridStart = Math.ceil(startMs / TURN_MS) * TURN_MS;
  const grid: number[] = [];
  for (let ms = gridStart; ms <= startMs + WINDOW_MS; ms += TURN_MS) grid.push(ms);
  return (
    <svg className="timeline" viewBox={`0 0 ${WIDTH} ${LANE_HEIGHT * 2 + 24}`} role="img" aria-label="Conversation timeline">
      {grid.map((ms) => (
        <line key={ms} className={ms % 1000 === 0 ? 'grid grid-second' : 'grid'} x1={x(ms)} x2={x(ms)} y1={0} y2={LANE_HEIGHT * 2} />
      ))}
      <text className="lane-label" x={4} y={14}>you</text>
      <text className="lane-label" x={4} y={LANE_HEIGHT + 14}>Tandem</text>
      <g data-testid="lane-user">
        {segments.filter((s) => s.lane === 'user').map((s) => (
          <rect key={`u${s.startMs}`} className="segment user" x={x(Math.max(s.startMs, startMs))} y={6}
            width={Math.max(2, x(s.endMs ?? nowMs) - x(Math.max(s.startMs, startMs)))} height={LANE_HEIGHT - 12} />
        ))}
      </g>
      <g data-testid="lane-assistant">
        {segments.filter((s) => s.lane === 'assistant').map((s) => (
          <rect key={`a${s.startMs}`} className={`segment assistant ${s.kind}`} x={x(Math.max(s.startMs, startMs))} y={LANE_HEIGHT + 6}
            width={Math.max(2, x(s.endMs ?? nowMs) - x(Math.max(s.startMs, startMs)))} height={LANE_HEIGHT - 12}>
            {s.text ? <title>{s.text}</title> : null}
          </rect>
        ))}
      </g>
      <text className="axis" x={WIDTH - 4} y={LANE_HEIGHT * 2 + 18} textAnchor="end">{((startMs + WINDOW_MS) / 1000).toFixed(1)} s</text>
      <text className="axis" x={4} y={LANE_HEIGHT * 2 + 18}>{(startMs / 1000).toFixed(1)} s</text>
    </svg>
  );
}
