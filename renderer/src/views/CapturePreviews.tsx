// The camera and screen previews: the last frame sent to the engine with an overlay layer (changed regions, send rate), start/stop, and why a source is missing.

import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { CaptureSnapshot, CaptureState, VideoCapture } from '../video/videoCapture';
import { rgbToRgba } from '../video/downscale';
import { captureOverlay, drawOverlay } from '../video/overlayModel';
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

export function CapturePreviews({ camera, screen }: { camera: VideoCapture; screen: VideoCapture }) {
  return (
    <div className="capture-previews">
      <CapturePreview capture={camera} />
      <CapturePreview capture={screen} />
      <h3>Devices</h3>
      <DevicePickers />
    </div>
  );
}

function CapturePreview({ capture }: { capture: VideoCapture }) {
  const snapshot = useCapture(capture);
  const { source, state, lastFrame } = snapshot;
  const frameCanvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const frame = frameCanvas.current;
    const overlay = overlayCanvas.current;
    if (!frame || !overlay || !lastFrame) return;
    // The preview shows exactly what the engine received; the overlay canvas has the same size, so frame coordinates map 1:1 before CSS scaling.
    for (const canvas of [frame, overlay]) {
      if (canvas.width !== lastFrame.width) canvas.width = lastFrame.width;
      if (canvas.height !== lastFrame.height) canvas.height = lastFrame.height;
    }
    frame.getContext('2d')?.putImageData(new ImageData(rgbToRgba(lastFrame.rgb, lastFrame.width, lastFrame.height), lastFrame.width, lastFrame.height), 0, 0);
    const context = overlay.getContext('2d');
    if (context) {
      drawOverlay(
        context,
        captureOverlay({ width: lastFrame.width, height: lastFrame.height, changedRegions: lastFrame.regions, framesSent: snapshot.framesSent, sentFps: snapshot.sentFps }),
        overlay.width,
        overlay.height,
      );
    }
  }, [lastFrame, snapshot.framesSent, snapshot.sentFps]);

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
    </section>
  );
}
