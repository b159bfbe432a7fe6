// The assistant's voice inside the engine: plays utterances chunk by chunk and cuts them cleanly on yield.

import { MICRO_TURN_MS, SAMPLE_RATE_HZ, type AssistantPlayback, type MicroTurnOutput } from '../../common/microturn';
import type { NewTimelineEvent } from '../../common/timeline';
import type { SynthesizedSpeech, Voice } from '../../common/interaction';

const MS_PER_SAMPLE = 1000 / SAMPLE_RATE_HZ;

/**
 * Holds the utterance being played. Output chunk k (decided at the end of input chunk k) plays during
 * media time [(k+1)·200, (k+2)·200); what was played before a cut is therefore known to the sample,
 * and the timeline records the words that were said and the ones that were not.
 */
export class AssistantVoiceOutput {
  private current: SynthesizedSpeech | null = null;
  private offsetSamples = 0;
  private startedAtMs = 0;

  constructor(private readonly voice: Voice) {}

  playback(): AssistantPlayback {
    if (!this.current) return { speaking: false, spokenMs: 0, remainingMs: 0 };
    const spokenMs = this.offsetSamples * MS_PER_SAMPLE;
    return {
      speaking: true,
      utteranceId: this.current.utterance.id,
      spokenMs,
      remainingMs: Math.max(0, this.current.durationMs - spokenMs),
    };
  }

  /**
   * Applies the model's decision for output chunk `turn` and fills `out` with the samples to play next.
   * Returns the timeline events the decision caused (speech started, ended, cut).
   */
  render(output: MicroTurnOutput, turn: number, out: Float32Array): NewTimelineEvent[] {
    const events: NewTimelineEvent[] = [];
    const playAtMs = (turn + 1) * MICRO_TURN_MS;
    out.fill(0);
    const starts = output.action === 'speak' || output.action === 'interject' || output.action === 'backchannel';
    const stops = output.action === 'yield' || output.action === 'listen';

    if (this.current && (stops || (starts && output.utterance && output.utterance.id !== this.current.utterance.id))) {
      events.push(this.cut(turn, playAtMs, output.action === 'yield' ? 'yield' : starts ? 'replaced' : 'model_listen'));
    }
    if (starts && output.utterance && !this.current) {
      this.current = this.voice.synthesize(output.utterance);
      this.offsetSamples = 0;
      this.startedAtMs = playAtMs;
      events.push({
        turn,
        atMs: playAtMs,
        source: 'assistant',
        kind: 'assistant_speech_started',
        payload: {
          utteranceId: output.utterance.id,
          utteranceKind: output.utterance.kind,
          text: output.utterance.text,
          durationMs: this.current.durationMs,
          voice: this.current.voice,
          placeholder: this.current.placeholder,
          words: this.current.words,
        },
      });
    }
    if (this.current) {
      const written = this.current.read(this.offsetSamples, out);
      this.offsetSamples += written;
      if (written < out.length) {
        const speech = this.current;
        events.push({
          turn,
          atMs: this.startedAtMs + this.offsetSamples * MS_PER_SAMPLE,
          source: 'assistant',
          kind: 'assistant_speech_ended',
          payload: { utteranceId: speech.utterance.id, text: speech.utterance.text, durationMs: speech.durationMs },
        });
        this.current = null;
      }
    }
    return events;
  }

  private cut(turn: number, atMs: number, reason: string): NewTimelineEvent {
    const speech = this.current!;
    const playedMs = this.offsetSamples * MS_PER_SAMPLE;
    const spoken = speech.words.filter((w) => w.endMs <= playedMs);
    const unspoken = speech.words.filter((w) => w.endMs > playedMs);
    this.current = null;
    return {
      turn,
      atMs,
      source: 'assistant',
      kind: 'assistant_speech_cut',
      payload: {
        utteranceId: speech.utterance.id,
        reason,
        playedMs,
        durationMs: speech.durationMs,
        spokenText: spoken.map((w) => w.word).join(' '),
        unspokenText: unspoken.map((w) => w.word).join(' '),
        /** A word that was cut mid-way counts as not said. */
        cutMidWord: unspoken.length > 0 && unspoken[0].startMs < playedMs,
      },
    };
  }
}
