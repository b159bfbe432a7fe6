// The session plays an utterance chunk by chunk and, on yield, records exactly which words were said.

import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import { PlaceholderVoice } from '../../../main/models/speech/placeholderVoice';
import { kinds, makeTestSession, toneMic } from './sessionHarness.fake';

const TEXT = 'I will tell you a rather long story about the sea and the ships on it.';

describe('assistant speech in the session loop', () => {
  it('starts playing one micro-turn after the decision and ends at the exact sample', async () => {
    const { session, events, output } = makeTestSession({ turns: 40, script: { 3: { action: 'speak', text: 'Hello there.' } }, inputProvider: toneMic() });
    await session.run();
    const planned = new PlaceholderVoice().synthesize({ id: 'u3', text: 'Hello there.', kind: 'reply' });
    const speech = kinds(events, 'assistant_speech_started', 'assistant_speech_ended');
    // Decided at the end of chunk 3 (800 ms), played from 800 ms: output chunk k plays during [(k+1)·200, (k+2)·200).
    expect(speech[0]).toMatchObject({ turn: 3, atMs: 800, kind: 'assistant_speech_started', payload: { utteranceId: 'u3', placeholder: true, voice: 'placeholder-tone' } });
    expect(speech[1]).toMatchObject({ kind: 'assistant_speech_ended', atMs: 800 + planned.durationMs! });
    // The audio is there, and only there.
    const energy = output.map((chunk) => chunk.reduce((s, v) => s + Math.abs(v), 0));
    expect(energy.slice(0, 3).every((e) => e === 0)).toBe(true);
    expect(energy[3]).toBeGreaterThan(0);
    const lastSpeechChunk = 3 + Math.ceil((planned.durationMs! * 16) / SAMPLES_PER_TURN) - 1;
    expect(energy[lastSpeechChunk]).toBeGreaterThan(0);
    expect(energy.slice(lastSpeechChunk + 1).every((e) => e === 0)).toBe(true);
  });

  it('cuts on yield at a chunk boundary and splits the words into said and not said', async () => {
    const { session, events, output } = makeTestSession({ turns: 30, script: { 2: { action: 'speak', text: TEXT }, 9: { action: 'yield' } }, inputProvider: toneMic() });
    await session.run();
    const cut = kinds(events, 'assistant_speech_cut');
    expect(cut).toHaveLength(1);
    // Chunks 2..8 were played: 7 × 200 ms.
    expect(cut[0]).toMatchObject({ turn: 9, atMs: 2000, payload: { reason: 'yield', playedMs: 1400 } });
    const planned = new PlaceholderVoice().synthesize({ id: 'u2', text: TEXT, kind: 'reply' });
    const said = planned.words.filter((w) => w.endMs <= 1400).map((w) => w.word).join(' ');
    const unsaid = planned.words.filter((w) => w.endMs > 1400).map((w) => w.word).join(' ');
    expect(cut[0].payload.spokenText).toBe(said);
    expect(cut[0].payload.unspokenText).toBe(unsaid);
    expect(`${said} ${unsaid}`).toBe(planned.words.map((w) => w.word).join(' '));
    // Nothing is played from the yield on, and no speech_ended claims the whole utterance was said.
    expect(output.slice(9).every((chunk) => chunk.every((v) => v === 0))).toBe(true);
    expect(kinds(events, 'assistant_speech_ended')).toHaveLength(0);
  });

  it('lets the model hear itself: assistantDmel of chunk k is what played during chunk k', async () => {
    const { session, model } = makeTestSession({ turns: 8, script: { 2: { action: 'speak', text: 'Hello there, friend.' } } });
    await session.run();
    const heard = model.inputs.map((i) => i.assistantDmelSum);
    // Output chunk 2 plays during input chunk 3.
    expect(heard.slice(0, 3).every((s) => s === 0)).toBe(true);
    expect(heard[3]).toBeGreaterThan(0);
    expect(model.inputs[3].assistant).toMatchObject({ speaking: true, utteranceId: 'u2', spokenMs: 200 });
  });
});
