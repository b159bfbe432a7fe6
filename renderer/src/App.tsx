// The main view: session controls and status, mic indicator, live timeline, micro-turn heartbeat, typed text.

import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { createBridge, type RendererBridge } from './bridge/createBridge';
import { AudioIo, type MicState } from './audio/audioIo';
import { connectStore, reportError, resetForNewSession, useSessionStore } from './state/sessionStore';
import { Timeline } from './views/Timeline';
import { Heartbeat } from './views/Heartbeat';
import { SidePanels, type Panel } from './views/SidePanels';
import { Hud } from './views/Hud';
import { Captions } from './views/Captions';
import { BackgroundTasks } from './views/BackgroundTasks';
import { Reminders } from './views/Reminders';
import { EngineCrashNotice } from './views/EngineCrashNotice';
import { backgroundTasksFrom, runningTaskCount } from './state/backgroundTasks';
import { VideoCapture } from './video/videoCapture';
import { CaptureIndicator, CapturePreviews, useCapture } from './views/CapturePreviews';
import { Settings } from './views/Settings';
import { History } from './views/History';
import { Cards } from './views/Cards';
import { ToolPrompts } from './views/ToolPrompt';
import { connectTools, useToolStore } from './tools/toolStore';
import { refreshWatches, useWatchStore, watchEventCount } from './state/watchStore';
import './app.css';

export function App() {
  const bridge = useMemo(() => createBridge(), []);
  if (!bridge) {
    return (
      <main className="app">
        <h1>Tandem</h1>
        <p className="notice">No engine to talk to: open the URL that <code>tandem serve</code> printed (it carries the token), or run the desktop app.</p>
      </main>
    );
  }
  // main/app/window.ts opens the HUD with ?view=hud: captions and status only, no audio.
  if (new URLSearchParams(window.location.search).get('view') === 'hud') return <Hud bridge={bridge} />;
  return <Session bridge={bridge} />;
}

function Session({ bridge }: { bridge: RendererBridge }) {
  const { status, events, ticks, errors } = useSessionStore();
  const [mic, setMic] = useState<MicState>({ kind: 'off' });
  const [played, setPlayed] = useState(0);
  const [text, setText] = useState('');
  const audio = useRef<AudioIo | undefined>(undefined);
  const [camera] = useState(() => new VideoCapture('camera', bridge));
  const [screen] = useState(() => new VideoCapture('screen', bridge));
  const cameraSnapshot = useCapture(camera);
  const screenSnapshot = useCapture(screen);
  useEffect(() => () => {
    camera.dispose();
    screen.dispose();
  }, [camera, screen]);

  // Desktop tools run in this window only (not the HUD), so each request runs once.
  useEffect(() => connectTools(bridge), [bridge]);
  const cardCount = useToolStore((view) => view.cards.length + view.notices.length);

  // The engine holds the watches (they survive a reload): the list is fetched on mount and whenever a watch_* event or the session state says it changed.
  const watchEvents = watchEventCount(events);
  const watchCount = useWatchStore((view) => view.watches.length);
  useEffect(() => void refreshWatches(bridge), [bridge, watchEvents, status?.state]);

  useEffect(() => {
    const disconnect = connectStore(bridge);
    const io = new AudioIo(bridge, setPlayed, setMic);
    audio.current = io;
    return () => {
      disconnect();
      io.dispose();
    };
  }, [bridge]);

  const run = (label: string, action: () => Promise<unknown>) => () => {
    action().catch((error: unknown) => reportError(`${label}: ${String(error)}`));
  };

  const openAudio = async () => {
    const io = audio.current;
    if (!io) return;
    await io.startPlayback();
    setMic({ kind: 'starting' });
    setMic(await io.startMic());
  };
  const start = async () => {
    resetForNewSession();
    await bridge.startSession({});
    await openAudio();
  };

  // A page that joins a session already running (a reload, a second tab) picks up its audio where the session is.
  const joined = useRef(false);
  useEffect(() => {
    if (!status || joined.current) return;
    joined.current = true;
    if (status.state === 'running' || status.state === 'paused') run('opening audio', openAudio)();
  }, [status]);
  const stop = async () => {
    await audio.current?.stopMic();
    await Promise.all([camera.stop(), screen.stop()]);
    setMic({ kind: 'off' });
    await bridge.stopSession();
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    setText('');
    run('sending text', () => bridge.sendText({ text: trimmed }))();
  };

  // The side panels, one tab each; every view reads the store or the bridge itself.
  const panels: Panel[] = [];
  const tasks = backgroundTasksFrom(events);
  const runningTasks = runningTaskCount(tasks);
  panels.push({ id: 'tasks', title: 'Tasks', ...(runningTasks > 0 ? { badge: String(runningTasks) } : {}), render: () => <BackgroundTasks view={tasks} nowMs={nowMs} /> });
  panels.push({
    id: 'reminders',
    title: 'Timers & watches',
    ...(watchCount > 0 ? { badge: String(watchCount) } : {}),
    render: () => <Reminders bridge={bridge} status={status} events={events} camera={camera} screen={screen} />,
  });
  const liveCaptures = [cameraSnapshot, screenSnapshot].filter((capture) => capture.state.kind === 'live').length;
  panels.push({ id: 'capture', title: 'Camera & screen', badge: liveCaptures ? `${liveCaptures} live` : undefined, render: () => <CapturePreviews camera={camera} screen={screen} events={events} nowMs={nowMs} /> });
  panels.push({ id: 'history', title: 'History', render: () => <History bridge={bridge} /> });
  panels.push({ id: 'cards', title: 'Cards', ...(cardCount > 0 ? { badge: String(cardCount) } : {}), render: () => <Cards bridge={bridge} /> });
  panels.push({ id: 'settings', title: 'Settings', render: () => <Settings bridge={bridge} events={events} /> });

  const state = status?.state ?? 'connecting';
  const turn = status?.turn ?? 0;
  const nowMs = Math.max(turn * 200, events.at(-1)?.atMs ?? 0);

  return (
    <main className="app" data-played-samples={played}>
      <header className="bar-top">
        <h1>Tandem</h1>
        <span className={`state state-${state}`} data-testid="session-status">
          {state} · micro-turn {turn}
        </span>
        <MicIndicator mic={mic} />
        <CaptureIndicator capture={camera} />
        <CaptureIndicator capture={screen} />
      </header>

      <nav className="controls">
        <button onClick={run('starting', start)} disabled={state !== 'idle' && state !== 'stopped'}>Start</button>
        <button onClick={run('pausing', () => bridge.pauseSession())} disabled={state !== 'running'}>Pause</button>
        <button onClick={run('resuming', () => bridge.resumeSession())} disabled={state !== 'paused'}>Resume</button>
        <button onClick={run('stopping', stop)} disabled={state !== 'running' && state !== 'paused'}>Stop</button>
      </nav>

      {mic.kind === 'denied' || mic.kind === 'failed' ? (
        <section className="notice" role="alert" data-testid="mic-explanation">
          <strong>The microphone is not available</strong>, so Tandem cannot hear you; the session keeps running and you can type.
          {mic.kind === 'denied'
            ? ' Access was refused: check that the microphone toggle in Settings is on, and allow the microphone for this page (the camera/mic icon in the address bar, or the site settings), then stop and start the session again.'
            : ' No microphone could be opened: plug one in or check that no other program holds it, then stop and start again.'}
          <small>{mic.reason}</small>
        </section>
      ) : null}

      <ToolPrompts bridge={bridge} onError={reportError} />
      <EngineCrashNotice events={events} />
      {mic.kind === 'lost' ? (
        <section className="notice" role="alert" data-testid="mic-explanation">
          <strong>The microphone is gone.</strong> {mic.reason}
        </section>
      ) : null}

      <div className="columns">
        <div className="main-column">
          <section>
            <h2>Timeline</h2>
            <Timeline events={events} nowMs={nowMs} />
            <p className="legend"><span className="swatch user" /> you <span className="swatch speech" /> Tandem <span className="swatch backchannel" /> backchannel <span className="swatch cut" /> cut off</p>
          </section>

          <section>
            <h2>Captions</h2>
            <Captions events={events} nowMs={nowMs} state={status?.state} />
          </section>

          <section>
            <h2>Heartbeat</h2>
            <Heartbeat ticks={ticks} />
          </section>

          <form className="type" onSubmit={send}>
            <input aria-label="Type to Tandem" placeholder="Type to Tandem…" value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
            <button type="submit" disabled={state !== 'running'}>Send</button>
          </form>
        </div>
        <SidePanels panels={panels} />
      </div>

      {errors.length ? (
        <section className="errors" data-testid="errors">
          {errors.map((error, i) => <p key={i}>{error}</p>)}
        </section>
      ) : null}
    </main>
  );
}

function MicIndicator({ mic }: { mic: MicState }) {
  const label = { off: 'mic off', starting: 'opening mic…', live: 'mic live', lost: 'mic lost', denied: 'mic blocked', failed: 'no mic' }[mic.kind];
  return (
    <span className={`mic mic-${mic.kind}`} data-testid="mic-indicator" aria-live="polite">
      <span className="dot" /> {label}
    </span>
  );
}
