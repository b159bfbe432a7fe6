// The Voice section of Settings: which voice speaks (the embedded espeak-ng voices), its rate and pitch; saved at once, used from the next session.

import type { Settings, SettingsPatch, VoiceSettings as VoiceSettingsValue } from '../../../common/ipc';
import type { TimelineEvent } from '../../../common/timeline';
import { OFFERED_VOICES, VOICE_PITCH_RANGE, VOICE_RATE_RANGE } from '../../../common/voices';

/** The voice the running session reports in session_started (e.g. espeak-ng:en-us+f3), if a session started. */
export function sessionVoice(events: readonly TimelineEvent[]): string | undefined {
  const started = events.find((event) => event.kind === 'session_started');
  const voice = started?.payload.voice;
  return typeof voice === 'string' ? voice : undefined;
}

export function VoiceSettings({ settings, change, events }: { settings: Settings; change: (patch: SettingsPatch) => void; events: readonly TimelineEvent[] }) {
  const voice = settings.voice;
  // settings:set replaces top-level fields: every change sends the whole voice.
  const set = (next: Partial<VoiceSettingsValue>) => change({ voice: { ...voice, ...next } });
  // A name set in settings.json or by an older version (a Piper voice, the test tone) stays selectable.
  const offered = OFFERED_VOICES.some((v) => v.name === voice.name) ? OFFERED_VOICES : [...OFFERED_VOICES, { name: voice.name, label: voice.name }];
  const running = sessionVoice(events);
  const espeak = voice.name === 'espeak' || voice.name.startsWith('espeak:');

  return (
    <div data-testid="voice-settings">
      <label className="field">
        Voice
        <select aria-label="Voice" value={voice.name} onChange={(event) => set({ name: event.target.value })}>
          {offered.map((v) => <option key={v.name} value={v.name}>{v.label}</option>)}
        </select>
      </label>
      <label className="field">
        <span>
          Rate: <output data-testid="voice-rate-value">{voice.rate}</output> words per minute
        </span>
        <input type="range" aria-label="Voice rate" min={VOICE_RATE_RANGE.min} max={VOICE_RATE_RANGE.max} step={5} value={voice.rate} disabled={!espeak} onChange={(event) => set({ rate: Number(event.target.value) })} />
      </label>
      <label className="field">
        <span>
          Pitch: <output data-testid="voice-pitch-value">{voice.pitch}</output> (espeak-ng's default is {VOICE_PITCH_RANGE.default})
        </span>
        <input type="range" aria-label="Voice pitch" min={VOICE_PITCH_RANGE.min} max={VOICE_PITCH_RANGE.max} step={1} value={voice.pitch} disabled={!espeak} onChange={(event) => set({ pitch: Number(event.target.value) })} />
      </label>
      <p className="muted">
        Used by the next session you start (a running one keeps its voice).{' '}
        {espeak ? `Defaults: ${VOICE_RATE_RANGE.default} words per minute, pitch ${VOICE_PITCH_RANGE.default}.` : 'Rate and pitch apply to espeak-ng voices only.'}
      </p>
      <p className="muted" data-testid="voice-in-use">{running ? `This session speaks with ${running}.` : 'No session yet.'}</p>
    </div>
  );
}
