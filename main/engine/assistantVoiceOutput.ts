// The assistant's voice inside the engine: plays streamed utterances chunk by chunk and cuts them cleanly on yield.

import { MICRO_TURN_MS, SAMPLE_RATE_HZ, type AssistantPlayback, type MicroTurnOutput } from '../../common/microturn';
import type { NewTimelineEvent } from '../../common/timeline';
import type { SynthesizedSpeech, Voice } from '../../common/interaction';

const MS_PER_SAMPLE = 1000 / SAMPLE_RATE_HZ;

export interface VoiceOutputTiming {
  /**
   * True on the virtual clock: every utterance is awaited until fully synthesized before it starts, so the
   * output (audio, word timings, timeline) is the same run after run. False in real time: a tick takes
   * what is ready and never waits past `startGraceMs`.
   */
  waitForSynthesis: boolean;
  /**
   * Real time only: how long the tick that starts an utterance may wait for its synthesis to finish (a short
   * reply usually does, so its words and duration are known at its start); after that it streams what is
   * ready.
   */
  startGraceMs?: number;
  /**
   * Real time only: if even the first 200 ms chunk is not ready after `startGraceMs`, how much longer the tick
   * waits for it before playing what exists (an underrun). Both waits together stay inside the micro-turn.
   */
  firstChunkGraceMs?: number;
}

const DEFAULT_START_GRACE_MS = 80;
const DEFAULT_FIRST_CHUNK_GRACE_MS = 70;

/**
 * Holds the utterance being played. Output chunk k (decided at the end of input chunk k) plays during
 * media time [(k+1)·200, (k+2)·200); what was played before a cut is therefore known to the sample,
 * and the timeline records the words that were said and the ones that were not. A chunk whose audio is
 * not synthesized yet (real time only) is an underrun: what exists is played, the rest of the chunk is
 * silence, `tts_underrun` is recorded and the utterance continues at the next tick where it stopped.
 */
export class AssistantVoiceOutput {
  private current: SynthesizedSpeech | null = null;
  private offsetSamples = 0;
  /** Chunks in which a streamed utterance had less audio than the chunk needed. */
  underrunChunks = 0;

  constructor(
    private readonly voice: Voice,
    private readonly timing: VoiceOutputTiming = { waitForSynthesis: true },
  ) {}

  playback(): AssistantPlayback {
    if (!this.current) return { speaking: false, spokenMs: 0, remainingMs: 0 };
    const spokenMs = this.offsetSamples * MS_PER_SAMPLE;
    // Before synthesis ends the length is unknown: what is already synthesized is a lower bound.
    const totalMs = this.current.durationMs ?? this.current.availableSamples * MS_PER_SAMPLE;
    return {
      speaking: true,
      utteranceId: this.current.utterance.id,
      spokenMs,
      remainingMs: Math.max(0, totalMs - spokenMs),
    };
  }

  /**
   * Applies the model's decision for output chunk `turn` and fills `out` with the samples to play next.
   * Returns the timeline events the decision caused (speech started, ended, cut, underrun, voice error).
   */
  async render(output: MicroTurnOutput, turn: number, out: Float32Array): Promise<NewTimelineEvent[]> {
    const events: NewTimelineEvent[] = [];
    const playAtMs = (turn + 1) * MICRO_TURN_MS;
    out.fill(0);
    const starts = output.action === 'speak' || output.action === 'interject' || output.action === 'backchannel';
    const stops = output.action === 'yield' || output.action === 'listen';

    if (this.current && (stops || (starts && output.utterance && output.utterance.id !== this.current.utterance.id))) {
      events.push(this.cut(turn, playAtMs, output.action === 'yield' ? 'yield' : starts ? 'replaced' : 'model_listen'));
    }
    if (starts && output.utterance && !this.current) {
      const speech = this.voice.synthesize(output.utterance);
      this.current = speech;
      this.offsetSamples = 0;
      if (this.timing.waitForSynthesis) await speech.whenAvailable(Number.POSITIVE_INFINITY);
      else {
        await withinMs(speech.whenAvailable(Number.POSITIVE_INFINITY), this.timing.startGraceMs ?? DEFAULT_START_GRACE_MS);
        await withinMs(speech.whenAvailable(out.length), this.timing.firstChunkGraceMs ?? DEFAULT_FIRST_CHUNK_GRACE_MS);
      }
      events.push({
        turn,
        atMs: playAtMs,
        source: 'assistant',
        kind: 'assistant_speech_started',
        payload: {
          utteranceId: output.utterance.id,
          utteranceKind: output.utterance.kind,
          text: output.utterance.text,
          // null when the utterance is still being synthesized as it starts (real time, long text): then
          // assistant_speech_ended or _cut carries the duration and every word's timing.
          durationMs: speech.durationMs,
          voice: speech.voice,
          placeholder: speech.placeholder,
          words: [...speech.words],
        },
      });
    }
    if (this.current) {
      const speech = this.current;
      if (this.timing.waitForSynthesis) await speech.whenAvailable(this.offsetSamples + out.length);
      const written = speech.read(this.offsetSamples, out);
      this.offsetSamples += written;
      if (written < out.length) {
        if (!speech.done) {
          this.underrunChunks++;
          events.push({
            turn,
            atMs: playAtMs + written * MS_PER_SAMPLE,
            source: 'assistant',
            kind: 'tts_underrun',
            payload: { utteranceId: speech.utterance.id, offsetSamples: this.offsetSamples, missingSamples: out.length - written },
          });
        } else if (speech.error !== null) {
          events.push({ turn, atMs: playAtMs + written * MS_PER_SAMPLE, source: 'engine', kind: 'error', payload: { where: 'voice', utteranceId: speech.utterance.id, message: speech.error } });
          events.push(this.cut(turn, playAtMs + written * MS_PER_SAMPLE, 'voice_failed'));
        } else {
          events.push({
            turn,
            atMs: playAtMs + written * MS_PER_SAMPLE,
            source: 'assistant',
            kind: 'assistant_speech_ended',
            payload: { utteranceId: speech.utterance.id, text: speech.utterance.text, durationMs: speech.durationMs, words: [...speech.words] },
          });
          this.current = null;
        }
      }
    }
    return events;
  }

  /** Stops the utterance being played (the session ends); synthesis of its rest is abandoned. */
  release(): void {
    this.current?.cancel();
    this.current = null;
  }

  private cut(turn: number, atMs: number, reason: string): NewTimelineEvent {
    const speech = this.current!;
    speech.cancel();
    const playedMs = this.offsetSamples * MS_PER_SAMPLE;
    const spoken = speech.words.filter((w) => w.endMs <= playedMs);
    const unspoken = speech.words.filter((w) => w.endMs > playedMs);
    const { spokenText, unspokenText } = splitText(speech.utterance.text, spoken.map((w) => w.word));
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
        // null when the cut came before synthesis finished: the utterance's length was never known.
        durationMs: speech.durationMs,
        spokenText,
        unspokenText,
        /** A word that was cut mid-way counts as not said. */
        cutMidWord: unspoken.length > 0 && unspoken[0].startMs < playedMs,
        words: [...speech.words],
      },
    };
  }
}

/**
 * Splits the utterance's text after its last spoken word. Words come from the text in order (a voice may
 * drop punctuation from them), so each is found after the previous one; punctuation right after the last
 * spoken word goes with it. Words not synthesized yet are in the unspoken part too: it is the rest of the text.
 */
function splitText(text: string, spokenWords: readonly string[]): { spokenText: string; unspokenText: string } {
  let cursor = 0;
  for (const word of spokenWords) {
    const at = text.indexOf(word, cursor);
    if (at >= 0) cursor = at + word.length;
  }
  if (spokenWords.length > 0) cursor += /^[,.;:!?"')\]…]*/.exec(text.slice(cursor))![0].length;
  return { spokenText: text.slice(0, cursor).trim(), unspokenText: text.slice(cursor).trim() };
}

/** Waits for `promise` at most `ms` (the real-time tick must not wait for slow synthesis). */
function withinMs(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
