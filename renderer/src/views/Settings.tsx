// The settings panel: interaction model, execution provider (and what the session really uses), permission toggles, HUD, devices.

import { DevicePickers } from './DevicePickers';
import { BackgroundModelSettings } from './BackgroundModelSettings';
import { ToolsSettings } from './ToolsSettings';
import { ModelsSettings } from './ModelsSettings';
import { VoiceSettings } from './VoiceSettings';
import { useEffect, useState, type ReactNode } from 'react';
import { EXECUTION_PROVIDER_CHOICES, SettingsPatchSchema, type Settings as SettingsValue, type SettingsPatch, type TandemBridge } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';

type SettingsBridge = Pick<TandemBridge, 'getSettings' | 'setSettings' | 'onSettingsChanged' | 'listTools' | 'listModels' | 'pullModel' | 'cancelModelPull' | 'removeModel' | 'onModelProgress'>;

const PROVIDER_LABELS: Record<(typeof EXECUTION_PROVIDER_CHOICES)[number], string> = {
  auto: 'Automatic (fastest available, CPU last)',
  cpu: 'CPU',
  cuda: 'CUDA (NVIDIA GPU, Linux and Windows)',
  dml: 'DirectML (GPU, Windows)',
  coreml: 'Core ML (macOS)',
};

/** Interaction models the app ships; a model named in the settings file but not here is still shown. */
const KNOWN_MODELS = ['harness', 'native'];

const PERMISSION_TEXT: Record<keyof SettingsValue['permissions'], { label: string; allows: string }> = {
  microphone: { label: 'Microphone', allows: 'Tandem hears you: the interaction model listens every 200 ms. Off, the app cannot open any microphone and you can still type.' },
  camera: { label: 'Camera', allows: 'Tandem sees you through the camera (gestures, things you hold up). Off, no camera can be opened.' },
  screen: { label: 'Screen', allows: 'Tandem watches the screen or window you pick, for example your editor. Off, screen sharing is refused before any picker opens.' },
};

/** What the running session reports in its session_started event: the provider it asked for and the one it got. */
export function reportedProvider(events: readonly TimelineEvent[]): { requested: string | null; used: string | null; runtime: string | null } | undefined {
  const started = events.find((event) => event.kind === 'session_started');
  if (!started) return undefined;
  const payload = started.payload as { executionProvider?: { requested?: unknown; used?: unknown }; interactionModel?: { runtime?: unknown } };
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { requested: text(payload.executionProvider?.requested), used: text(payload.executionProvider?.used), runtime: text(payload.interactionModel?.runtime) };
}

export function Settings({ bridge, events }: { bridge: SettingsBridge; events: readonly TimelineEvent[] }) {
  const [settings, setSettings] = useState<SettingsValue | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    // Another window (the HUD, a second tab) may change them: every change arrives here too.
    const off = bridge.onSettingsChanged(setSettings);
    bridge.getSettings().then(setSettings, (failure: unknown) => setError(`Could not read the settings: ${String(failure)}`));
    return off;
  }, [bridge]);

  const change = (patch: SettingsPatch) => {
    // The contract decides what may be sent; an invalid value never leaves the page.
    const checked = SettingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      setError(`Not saved: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      return;
    }
    bridge.setSettings(checked.data).then(
      (saved) => {
        setSettings(saved);
        setError(undefined);
      },
      (failure: unknown) => setError(`Not saved: ${failure instanceof Error ? failure.message : String(failure)}`),
    );
  };

  if (!settings) return <div className="settings">{error ? <p className="errors" role="alert">{error}</p> : <p>Loading…</p>}</div>;
  const running = reportedProvider(events);
  const models = [...new Set([...KNOWN_MODELS, settings.interactionModel])];

  return (
    <div className="settings" data-testid="settings">
      {error ? <p className="errors" role="alert" data-testid="settings-error">{error}</p> : null}

      <Section title="Model">
        <label className="field">
          Interaction model
          <select aria-label="Interaction model" value={settings.interactionModel} onChange={(event) => change({ interactionModel: event.target.value })}>
            {models.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        <p className="muted">Used by the next session you start.</p>
        <label className="field">
          Execution provider
          <select aria-label="Execution provider" value={settings.executionProvider} onChange={(event) => change({ executionProvider: event.target.value as SettingsPatch['executionProvider'] })}>
            {EXECUTION_PROVIDER_CHOICES.map((choice) => <option key={choice} value={choice}>{PROVIDER_LABELS[choice]}</option>)}
          </select>
        </label>
        <p className="muted" data-testid="provider-in-use">
          {running
            ? `This session asked for ${running.requested ?? 'the model\'s default'} and runs on ${running.used ?? 'a provider it does not report'}${running.runtime ? ` (${running.runtime})` : ''}.`
            : 'No session yet: start one to see which provider it really runs on (an unavailable GPU falls back to CPU).'}
        </p>
      </Section>

      <Section title="Models">
        <ModelsSettings bridge={bridge} />
      </Section>

      <Section title="Background model">
        <BackgroundModelSettings settings={settings} change={change} />
      </Section>

      <Section title="Voice">
        <VoiceSettings settings={settings} change={change} events={events} />
      </Section>

      <Section title="Permissions">
        {(Object.keys(PERMISSION_TEXT) as Array<keyof SettingsValue['permissions']>).map((key) => (
          <label key={key} className="toggle">
            <input type="checkbox" aria-label={PERMISSION_TEXT[key].label} checked={settings.permissions[key]} onChange={(event) => change({ permissions: { [key]: event.target.checked } })} />
            <span>
              <strong>{PERMISSION_TEXT[key].label}</strong>
              <small>{PERMISSION_TEXT[key].allows}</small>
            </span>
          </label>
        ))}
        <p className="muted">The desktop app enforces these; in a browser (serve mode) the browser's own site permissions apply as well.</p>
      </Section>

      <Section title="HUD">
        <label className="toggle">
          <input type="checkbox" aria-label="Show the HUD" checked={settings.showHud} onChange={(event) => change({ showHud: event.target.checked })} />
          <span>
            <strong>Show the HUD</strong>
            <small>A small always-on-top window with the session state, live captions and the heartbeat.</small>
          </span>
        </label>
      </Section>

      <Section title="Tools">
        <ToolsSettings bridge={bridge} settings={settings} change={change} />
      </Section>

      <Section title="Devices">
        <div data-testid="devices-section">
          <DevicePickers />
          <p className="muted">
            The choice applies to the next capture (stop and start the mic or camera to switch now) and is kept by this
            window, since browsers give each page its own device ids.
          </p>
        </div>
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="settings-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}
