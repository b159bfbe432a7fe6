// The "Timers & watches" panel: the engine's pending timers with a countdown, a form to add one (in N s or min), a cancel button each; then the visual watches (Watches.tsx).

import { useEffect, useState, type FormEvent } from 'react';
import type { PendingTimer, SessionStatus } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import type { RendererBridge } from '../bridge/createBridge';
import type { VideoCapture } from '../video/videoCapture';
import { Watches } from './Watches';

/** How often the list is fetched again from the engine (the countdown itself runs locally between fetches). */
const REFRESH_MS = 5_000;

interface Fetched {
  timers: PendingTimer[];
  /** performance.now() when the list arrived: the countdown subtracts the time since. */
  atWallMs: number;
}

export function Reminders({
  bridge,
  status,
  events,
  camera,
  screen,
}: {
  bridge: RendererBridge;
  status: SessionStatus | undefined;
  events: readonly TimelineEvent[];
  camera: VideoCapture;
  screen: VideoCapture;
}) {
  const [fetched, setFetched] = useState<Fetched>({ timers: [], atWallMs: 0 });
  const [wallMs, setWallMs] = useState(() => performance.now());
  const [amount, setAmount] = useState('3');
  const [unit, setUnit] = useState<'s' | 'min'>('min');
  const [text, setText] = useState('');
  const [repeat, setRepeat] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const state = status?.state;
  const running = state === 'running' || state === 'paused';

  // The engine holds the timers, so the list survives a reload; it is fetched again whenever one is set, falls due or is cancelled.
  const timerEvents = events.filter((e) => e.kind === 'timer_scheduled' || e.kind === 'timer_cancelled' || e.kind === 'timer_due').length;
  const refresh = () => {
    bridge.listTimers().then(
      (list) => setFetched({ timers: list.timers, atWallMs: performance.now() }),
      (reason: unknown) => setError(`Could not read the reminders: ${String(reason)}`),
    );
  };
  useEffect(refresh, [bridge, timerEvents, state]);
  useEffect(() => {
    const countdown = setInterval(() => setWallMs(performance.now()), 250);
    const poll = setInterval(refresh, REFRESH_MS);
    return () => {
      clearInterval(countdown);
      clearInterval(poll);
    };
  }, [bridge]);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(amount);
    const trimmed = text.trim();
    if (!Number.isFinite(value) || value <= 0 || !trimmed) {
      setError('Give a positive number and a text for the reminder.');
      return;
    }
    const inMs = Math.round(value * (unit === 'min' ? 60_000 : 1_000));
    setError(undefined);
    bridge.addTimer({ inMs, text: trimmed, ...(repeat ? { repeatEveryMs: Math.max(1_000, inMs) } : {}) }).then(
      () => {
        setText('');
        refresh();
      },
      (reason: unknown) => setError(`Could not set the reminder: ${String(reason)}`),
    );
  };
  const cancel = (id: string) => {
    bridge.cancelTimer({ id }).then(refresh, (reason: unknown) => setError(`Could not cancel the reminder: ${String(reason)}`));
  };

  // Media time stands still while the session is paused, and so do the countdowns.
  const elapsedMs = state === 'running' ? wallMs - fetched.atWallMs : 0;
  return (
    <div className="reminders">
      <h3>Timers</h3>
      <form className="reminder-form" onSubmit={add}>
        <label>
          in <input aria-label="Remind in" type="number" min="1" step="any" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <select aria-label="Unit" value={unit} onChange={(e) => setUnit(e.target.value as 's' | 'min')}>
          <option value="s">s</option>
          <option value="min">min</option>
        </select>
        <input aria-label="Reminder text" placeholder="what to remind you of" value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
        <label className="repeat"><input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} /> repeat</label>
        <button type="submit" disabled={!running}>Add reminder</button>
      </form>
      {error ? <p className="reminder-error" role="alert">{error}</p> : null}
      {!running ? <p className="hint">Reminders belong to a running session: start one to set them.</p> : null}
      {fetched.timers.length === 0 ? (
        <p className="empty" data-testid="reminders-empty">No pending reminders.</p>
      ) : (
        <ul className="reminder-list" data-testid="reminders">
          {fetched.timers.map((timer) => (
            <li key={timer.id} data-testid="reminder">
              <span className="reminder-text">{timer.text}</span>
              <span className="countdown">{formatCountdown(timer.dueInMs - elapsedMs)}</span>
              {timer.repeatEveryMs ? <span className="repeats">every {formatDuration(timer.repeatEveryMs)}</span> : null}
              <button onClick={() => cancel(timer.id)} aria-label={`Cancel reminder: ${timer.text}`}>Cancel</button>
            </li>
          ))}
        </ul>
      )}
      <Watches bridge={bridge} running={running} camera={camera} screen={screen} />
    </div>
  );
}

function formatCountdown(ms: number): string {
  return ms <= 0 ? 'due now' : `in ${formatDuration(ms)}`;
}

function formatDuration(ms: number): string {
  const totalS = Math.ceil(ms / 1000);
  const minutes = Math.floor(totalS / 60);
  const seconds = totalS % 60;
  return minutes > 0 ? `${minutes} min ${String(seconds).padStart(2, '0')} s` : `${seconds} s`;
}
