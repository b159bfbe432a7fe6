// The Models section of Settings: the catalog with what is installed, downloads with a progress bar (resumable), cancel and remove.

import { useCallback, useEffect, useState } from 'react';
import type { ModelEntry, ModelProgress, ModelsList, TandemBridge } from '../../../common/ipc';

type ModelsBridge = Pick<TandemBridge, 'listModels' | 'pullModel' | 'cancelModelPull' | 'removeModel' | 'onModelProgress'>;

const ROLE_LABELS: Record<ModelEntry['role'], string> = {
  asr: 'Speech recognition',
  tts: 'Voice',
  llm: 'Language model',
  interaction: 'Interaction model',
  vad: 'Voice activity',
};

/** A size as people read it: 1 decimal in MB or GB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

export function ModelsSettings({ bridge }: { bridge: ModelsBridge }) {
  const [list, setList] = useState<ModelsList | undefined>(undefined);
  const [progress, setProgress] = useState<Record<string, ModelProgress>>({});
  const [error, setError] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    bridge.listModels().then(setList, (failure: unknown) => setError(`Could not list the models: ${String(failure)}`));
  }, [bridge]);

  useEffect(() => {
    refresh();
    return bridge.onModelProgress((event) => {
      setProgress((current) => ({ ...current, [event.name]: event }));
      // The end of a download changes what is installed: ask again rather than guess.
      if (event.phase === 'done' || event.phase === 'failed' || event.phase === 'cancelled') refresh();
    });
  }, [bridge, refresh]);

  const act = (what: string, action: () => Promise<unknown>) => () => {
    setError(undefined);
    action().then(refresh, (failure: unknown) => setError(`${what}: ${String(failure)}`));
  };

  return (
    <div data-testid="models-settings">
      <p className="muted">
        Models are downloaded once, checked against their published checksums, and used offline afterwards
        {list ? <> (in <code>{list.modelsDir}</code>)</> : null}. The same as <code>npx tandem models</code>.
      </p>
      {error ? <p className="errors" role="alert">{error}</p> : null}
      {!list && !error ? <p>Loading…</p> : null}
      <ul className="models">
        {list?.models.map((model) => {
          const running = progress[model.name];
          const active = model.pulling || (running !== undefined && !['done', 'failed', 'cancelled'].includes(running.phase));
          return (
            <li key={model.name} className={`model model-${model.state}`} data-testid={`model-${model.name}`}>
              <div className="model-head">
                <strong>{model.name}</strong>
                <span className="muted">{ROLE_LABELS[model.role]}{model.isDefault ? ' · default' : ''}</span>
                <span className="model-size">{model.totalBytesKnown ? '' : '≥ '}{formatBytes(model.totalBytes)}</span>
              </div>
              <p className="model-description">{model.description} <span className="muted">({model.licence})</span></p>
              {active && running ? (
                <div className="model-progress">
                  <progress value={running.bytesDone} max={Math.max(1, running.bytesTotal)} aria-label={`Downloading ${model.name}`} />
                  <span className="muted">
                    {running.phase === 'verifying' ? 'verifying checksum…' : `${formatBytes(running.bytesDone)} of ${formatBytes(running.bytesTotal)}`}
                    {running.rateBytesPerS > 0 && running.phase === 'downloading' ? ` · ${formatBytes(running.rateBytesPerS)}/s` : ''}
                  </span>
                </div>
              ) : null}
              {running?.phase === 'failed' && !active ? <p className="errors" role="alert">{running.error}</p> : null}
              <div className="model-actions">
                <span className="model-state" data-testid={`model-state-${model.name}`}>
                  {active ? 'downloading' : model.state === 'installed' ? 'installed' : model.state === 'partial' ? `paused at ${formatBytes(model.installedBytes)}` : 'not installed'}
                </span>
                {active ? (
                  <button onClick={act('Cancelling', () => bridge.cancelModelPull({ name: model.name }))}>Cancel</button>
                ) : model.state !== 'installed' ? (
                  <button onClick={act('Downloading', () => bridge.pullModel({ name: model.name }))}>{model.state === 'partial' ? 'Resume' : 'Download'}</button>
                ) : null}
                {!active && model.state !== 'absent' ? (
                  <button onClick={act('Removing', () => bridge.removeModel({ name: model.name }))}>Remove</button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
