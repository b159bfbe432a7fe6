// The camera and screen previews: the last frame sent to the engine with an overlay layer (changed regions, send rate, the live repetition count, flagged code lines, watch regions), the code findings list, start/stop, and why a source is missing.

import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { TimelineEvent } from '../../../common/timeline';
import type { CaptureSnapshot, CaptureState, VideoCapture } from '../video/videoCapture';
import { rgbToRgba } from '../video/downscale';
import { captureOverlay, drawOverlay, type OverlayItem } from '../video/overlayModel';
import { codeFindingsFrom, countingFrom, countingOverlayItems, findingOverlayItems, lastFiredFrom, watchOverlayItems, type CodeView } from '../video/perceptionOverlay';
import { useWatchStore } from '../state/watchStore';
import { DevicePickers } from './DevicePickers';

export function useCapture(capture: VideoCapture): CaptureSnapshot {
  return useSyncExternalStore(capture.subscribe, capture.getSnapshot);
}

// Button names avoid the words of the session controls (Start, Stop, …), so each control has a name of its own.
const TITLES = { camera: 'Camera', screen: 'Screen' } as const;

/** Short words for the header indicator and the tab badge. */
export function captureLabel(source: 'camera' | 'screen', state: CaptureState): string {
  const name = source === 'camera' ? 'camera' : 'screen';
  return { off: `${name} off`, starting: `opening ${name}…`, live: `${name} live`, lost: `${name} lost`, denied: `${name} blocked`, failed: `no ${name}` }[state.kind];
}

/** The header indicator of one source, like the mic's. */
export function CaptureIndicator({ capture }: { capture: VideoCapture }) {
  const { source, state } = useCapture(capture);
  return (
    <span className={`mic mic-${state.kind}`} data-testid={`${source}-indicator`} aria-live="polite">
      <span className="dot" /> {captureLabel(source, state)}
    </span>
  );
}

/** Items a view adds to a preview's overlay, placed in the pixels of the frame shown. */
type ExtraItems = (frameWidth: number, frameHeight: number) => OverlayItem[];

export function CapturePreviews({ camera, screen, events, nowMs }: { camera: VideoCapture; screen: VideoCapture; events: readonly TimelineEvent[]; nowMs: number }) {
  const watches = useWatchStore((view) => view.watches);
  const [selectedFinding, setSelectedFinding] = useState<string | null>(null);
  const counting = useMemo(() => countingFrom(events), [events]);
  const code = useMemo(() => codeFindingsFrom(events), [events]);
  const lastFired = useMemo(() => lastFiredFrom(events), [events]);
  const cameraItems: ExtraItems = (width, height) => [...watchOverlayItems(watches, 'camera', lastFired, nowMs, width, height), ...countingOverlayItems(counting, nowMs, width, height)];
  const screenItems: ExtraItems = (width, height) => [...watchOverlayItems(watches, 'screen', lastFired, nowMs, width, height), ...findingOverlayItems(code.current, selectedFinding, width, height)];
  return (
    <div className="capture-previews">
      <CapturePreview capture={camera} extraItems={cameraItems} />
      <CapturePreview capture={screen} extraItems={screenItems}>
        <CodeFindings view={code} nowMs={nowMs} selected={selectedFinding} onSelect={(id) => setSelectedFinding((held) => (held === id ? null : id))} />
      </CapturePreview>
      <h3>Devices</h3>
      <DevicePickers />
    </div>
  );
}

function CapturePreview({ capture, extraItems, children }: { capture: VideoCapture; extraItems: ExtraItems; children?: ReactNode }) {
  const snapshot = useCapture(capture);
  const { source, state, lastFrame } = snapshot;
  const frameCanvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const painted = useRef<unknown>(null);

  useEffect(() => {
    const frame = frameCanvas.current;
    const overlay = overlayCanvas.current;
    if (!frame || !overlay || !lastFrame) return;
    // The preview shows exactly what the engine received (a screen frame may be 1920 px wide, shown scaled down by CSS).
    if (frame.width !== lastFrame.width || frame.height !== lastFrame.height || painted.current !== lastFrame) {
      if (frame.width !== lastFrame.width) frame.width = lastFrame.width;
      if (frame.height !== lastFrame.height) frame.height = lastFrame.height;
      frame.getContext('2d')?.putImageData(new ImageData(rgbToRgba(lastFrame.rgb, lastFrame.width, lastFrame.height), lastFrame.width, lastFrame.height), 0, 0);
      painted.current = lastFrame;
    }
    // The overlay canvas has the size it is shown at (device pixels), so its labels stay readable whatever the frame's resolution.
    const shown = frame.getBoundingClientRect();
    const scale = window.devicePixelRatio || 1;
    const width = shown.width > 0 ? Math.round(shown.width * scale) : lastFrame.width;
    const height = shown.height > 0 ? Math.round(shown.height * scale) : lastFrame.height;
    if (overlay.width !== width) overlay.width = width;
    if (overlay.height !== height) overlay.height = height;
    const context = overlay.getContext('2d');
    if (context) {
      const base = captureOverlay({ width: lastFrame.width, height: lastFrame.height, changedRegions: lastFrame.regions, framesSent: snapshot.framesSent, sentFps: snapshot.sentFps });
      drawOverlay(context, { ...base, items: [...base.items, ...extraItems(lastFrame.width, lastFrame.height)] }, overlay.width, overlay.height);
    }
  });

  const live = state.kind === 'live';
  const busy = state.kind === 'starting';
  return (
    <section className={`capture capture-${state.kind}`} data-testid={`capture-${source}`}>
      <header>
        <strong>{TITLES[source]}</strong>
        <span className="capture-state" data-testid={`capture-${source}-state`}>{captureLabel(source, state)}</span>
        <span className="capture-count" data-testid={`capture-${source}-sent`}>{snapshot.framesSent} frames sent</span>
        {live || busy ? (
          <button onClick={() => void capture.stop()}>{TITLES[source]} off</button>
        ) : (
          <button onClick={() => void capture.start()}>{TITLES[source]} on</button>
        )}
      </header>
      {state.kind === 'lost' || state.kind === 'denied' || state.kind === 'failed' ? (
        <p className="notice" role="alert" data-testid={`capture-${source}-explanation`}>
          {state.kind === 'lost'
            ? state.reason
            : state.kind === 'denied'
              ? `Access to the ${source} was refused, so Tandem cannot see it; the session keeps running. Allow it for this page (the site settings), then press “${TITLES[source]} on”.`
              : `The ${source} could not be opened; the session keeps running. Check that it is connected and not held by another program, then press “${TITLES[source]} on”.`}
          {state.kind !== 'lost' ? <small>{state.reason}</small> : null}
        </p>
      ) : null}
      <div className="capture-stage" data-testid={`capture-${source}-preview`} hidden={!lastFrame}>
        <canvas ref={frameCanvas} className="capture-frame" />
        <canvas ref={overlayCanvas} className="capture-overlay" data-testid={`capture-${source}-overlay`} />
      </div>
      {!lastFrame ? <p className="capture-empty">No frame sent yet.</p> : null}
      {children}
    </section>
  );
}

/** Every code finding of the session, newest first: line, message, when; a click highlights its box on the screen preview. */
function CodeFindings({ view, nowMs, selected, onSelect }: { view: CodeView; nowMs: number; selected: string | null; onSelect: (id: string) => void }) {
  const currentIds = new Set(view.current.map((finding) => finding.id));
  return (
    <div className="code-findings" data-testid="code-findings">
      <h4>Code</h4>
      {view.latestMessage ? <p className="hint" data-testid="code-reading-message">{view.latestMessage}</p> : null}
      {view.findings.length === 0 ? (
        <p className="capture-empty" data-testid="code-findings-empty">No findings in code read off the screen.</p>
      ) : (
        <ul className="finding-list">
          {[...view.findings].reverse().map((finding) => {
            const onScreen = currentIds.has(finding.id);
            return (
              <li key={`${finding.frameIndex}:${finding.id}`} className={onScreen ? 'finding on-screen' : 'finding'} data-testid="code-finding">
                <button
                  type="button"
                  aria-pressed={selected === finding.id}
                  disabled={!onScreen || !finding.box}
                  title={onScreen ? (finding.box ? 'Highlight on the screen preview' : 'Its place on the screen could not be found') : 'The screen changed since: read again for its place'}
                  onClick={() => onSelect(finding.id)}
                >
                  <span className="finding-line">line {finding.line}</span> <span className="finding-message">{finding.message}</span>
                </button>
                <span className="finding-when">{formatAgo(nowMs - finding.atMs)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s ago`;
}
