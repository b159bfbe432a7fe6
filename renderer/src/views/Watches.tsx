// The visual watches: the ones in force with a cancel button each, and a form to add one (source, condition, what to say, repeat, and a region dragged on that source's preview).

import { useEffect, useRef, useState, type FormEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { WATCH_COLOURS, WatchSpecSchema, type Watch, type WatchColour, type WatchCondition, type WatchRegion } from '../../../common/perception';
import type { RendererBridge } from '../bridge/createBridge';
import { reasonOf, refreshWatches, useWatchStore } from '../state/watchStore';
import { rgbToRgba } from '../video/downscale';
import { regionFromDrag } from '../video/perceptionOverlay';
import type { VideoCapture } from '../video/videoCapture';
import { useCapture } from './CapturePreviews';

type ConditionChoice = 'colour' | 'on' | 'off' | 'text';
const CONDITION_LABELS: Record<ConditionChoice, string> = { colour: 'turns a colour', on: 'light goes on', off: 'light goes off', text: 'text appears' };

/** The form's names for the fields the contract checks, so a validation message points at what to fix. */
const FIELD_NAMES: Record<string, string> = { label: 'what to say', 'condition.text': 'text to watch for', region: 'region' };

/** How a watch's condition reads in the list. */
export function describeCondition(condition: WatchCondition): string {
  if (condition.kind === 'colour') return `turns ${condition.colour}`;
  if (condition.kind === 'brightness') return condition.direction === 'on' ? 'light goes on' : 'light goes off';
  return `“${condition.text}” appears`;
}

function describeRegion(region: WatchRegion | null): string {
  if (!region) return 'whole frame';
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return `region ${pct(region.width)} × ${pct(region.height)} at ${pct(region.x)}, ${pct(region.y)}`;
}

export function Watches({ bridge, running, camera, screen }: { bridge: RendererBridge; running: boolean; camera: VideoCapture; screen: VideoCapture }) {
  const { watches, error: listError } = useWatchStore();
  const [source, setSource] = useState<'camera' | 'screen'>('screen');
  const [condition, setCondition] = useState<ConditionChoice>('colour');
  const [colour, setColour] = useState<WatchColour>('red');
  const [text, setText] = useState('');
  const [label, setLabel] = useState('');
  const [repeat, setRepeat] = useState(false);
  const [wholeFrame, setWholeFrame] = useState(true);
  const [region, setRegion] = useState<WatchRegion | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  // A region drawn on one source means nothing on the other.
  useEffect(() => setRegion(null), [source]);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!wholeFrame && !region) {
      setError(`Drag a rectangle on the ${source} preview below, or choose the whole frame.`);
      return;
    }
    const conditionSpec: WatchCondition =
      condition === 'colour' ? { kind: 'colour', colour } : condition === 'text' ? { kind: 'text', text } : { kind: 'brightness', direction: condition };
    // The engine checks it again; checking here first names the field before a round trip.
    const spec = WatchSpecSchema.safeParse({ source, region: wholeFrame ? null : region, condition: conditionSpec, label, repeat });
    if (!spec.success) {
      setError(`The watch is not complete: ${spec.error.issues.map((issue) => `${FIELD_NAMES[issue.path.join('.')] ?? (issue.path.join('.') || 'watch')}: ${issue.message}`).join('; ')}.`);
      return;
    }
    setError(undefined);
    setBusy(true);
    bridge
      .addWatch(spec.data)
      .then(
        () => {
          setLabel('');
          setText('');
        },
        (reason: unknown) => setError(`Could not add the watch: ${reasonOf(reason)}`),
      )
      .finally(() => {
        setBusy(false);
        void refreshWatches(bridge);
      });
  };
  const cancel = (watch: Watch) => {
    bridge.cancelWatch({ id: watch.id }).then(
      () => void refreshWatches(bridge),
      (reason: unknown) => setError(`Could not cancel the watch “${watch.label}”: ${reasonOf(reason)}`),
    );
  };

  return (
    <div className="watches">
      <h3>Watches</h3>
      {listError ? <p className="reminder-error" role="alert">{listError}</p> : null}
      {watches.length === 0 ? (
        <p className="empty" data-testid="watches-empty">No watches in force.</p>
      ) : (
        <ul className="reminder-list" data-testid="watches">
          {watches.map((watch) => (
            <li key={watch.id} data-testid="watch">
              <span className="reminder-text">
                <strong>{watch.label}</strong> — {watch.source}: {describeCondition(watch.condition)} <small>({describeRegion(watch.region)})</small>
              </span>
              {watch.repeat ? <span className="repeats">repeats</span> : null}
              {watch.fired > 0 ? <span className="repeats">fired {watch.fired}×</span> : null}
              <button onClick={() => cancel(watch)} aria-label={`Cancel watch: ${watch.label}`}>Cancel</button>
            </li>
          ))}
        </ul>
      )}
      <form className="reminder-form watch-form" onSubmit={add} aria-label="Add a watch">
        <select aria-label="Watch source" value={source} onChange={(e) => setSource(e.target.value as 'camera' | 'screen')}>
          <option value="screen">screen</option>
          <option value="camera">camera</option>
        </select>
        <select aria-label="Condition" value={condition} onChange={(e) => setCondition(e.target.value as ConditionChoice)}>
          {(Object.keys(CONDITION_LABELS) as ConditionChoice[]).map((choice) => (
            <option key={choice} value={choice}>{CONDITION_LABELS[choice]}</option>
          ))}
        </select>
        {condition === 'colour' ? (
          <select aria-label="Colour" value={colour} onChange={(e) => setColour(e.target.value as WatchColour)}>
            {WATCH_COLOURS.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        ) : null}
        {condition === 'text' ? <input aria-label="Text to watch for" placeholder="text that appears" value={text} maxLength={80} onChange={(e) => setText(e.target.value)} /> : null}
        <input aria-label="What to say" placeholder="what to say, e.g. the build turned red" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
        <label className="repeat"><input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} /> repeat</label>
        <fieldset className="watch-region">
          <label><input type="radio" name="watch-region" checked={wholeFrame} onChange={() => setWholeFrame(true)} /> whole frame</label>
          <label><input type="radio" name="watch-region" checked={!wholeFrame} onChange={() => setWholeFrame(false)} /> a region</label>
        </fieldset>
        <button type="submit" disabled={!running || busy}>Add watch</button>
      </form>
      {!wholeFrame ? <RegionPicker capture={source === 'camera' ? camera : screen} region={region} onRegion={setRegion} /> : null}
      {error ? <p className="reminder-error" role="alert" data-testid="watch-error">{error}</p> : null}
      {!running ? <p className="hint">Watches belong to a running session: start one to set them.</p> : null}
    </div>
  );
}

/** The source's last sent frame, on which the user drags the watched region; the region is kept as fractions of the frame. */
function RegionPicker({ capture, region, onRegion }: { capture: VideoCapture; region: WatchRegion | null; onRegion: (region: WatchRegion | null) => void }) {
  const { source, lastFrame } = useCapture(capture);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ start: { x: number; y: number }; end: { x: number; y: number } } | null>(null);

  useEffect(() => {
    const target = canvas.current;
    if (!target || !lastFrame) return;
    if (target.width !== lastFrame.width) target.width = lastFrame.width;
    if (target.height !== lastFrame.height) target.height = lastFrame.height;
    target.getContext('2d')?.putImageData(new ImageData(rgbToRgba(lastFrame.rgb, lastFrame.width, lastFrame.height), lastFrame.width, lastFrame.height), 0, 0);
  }, [lastFrame]);

  if (!lastFrame) {
    return <p className="hint" data-testid="region-picker-empty">Turn the {source} on (Camera &amp; screen) to draw a region on it.</p>;
  }
  const pointIn = (event: ReactPointerEvent<HTMLElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { point: { x: event.clientX - rect.left, y: event.clientY - rect.top }, rect };
  };
  const down = (event: ReactPointerEvent<HTMLElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const { point } = pointIn(event);
    setDrag({ start: point, end: point });
  };
  const move = (event: ReactPointerEvent<HTMLElement>) => {
    if (drag) setDrag({ ...drag, end: pointIn(event).point });
  };
  const up = (event: ReactPointerEvent<HTMLElement>) => {
    if (!drag) return;
    const { point, rect } = pointIn(event);
    setDrag(null);
    onRegion(regionFromDrag(drag.start, point, rect.width, rect.height));
  };
  // While dragging the rectangle follows the pointer; afterwards it shows the stored fractions.
  const shown = drag
    ? { left: Math.min(drag.start.x, drag.end.x), top: Math.min(drag.start.y, drag.end.y), width: Math.abs(drag.end.x - drag.start.x), height: Math.abs(drag.end.y - drag.start.y), unit: 'px' }
    : region
      ? { left: region.x * 100, top: region.y * 100, width: region.width * 100, height: region.height * 100, unit: '%' }
      : null;
  return (
    <div className="region-picker">
      <p className="hint">Drag a rectangle on the {source} to watch only that part.</p>
      <div className="region-stage" data-testid="region-picker" onPointerDown={down} onPointerMove={move} onPointerUp={up}>
        <canvas ref={canvas} className="capture-frame" />
        {shown ? (
          <div
            className="region-rect"
            data-testid="region-rect"
            style={{ left: `${shown.left}${shown.unit}`, top: `${shown.top}${shown.unit}`, width: `${shown.width}${shown.unit}`, height: `${shown.height}${shown.unit}` }}
          />
        ) : null}
      </div>
      <p className="hint" data-testid="region-fractions">{region ? describeRegion(region) : 'No region drawn yet.'}</p>
    </div>
  );
}
