// The session gives the perception signals every frame in order, counts only while asked to, and puts their results into the micro-turn input.

import { describe, expect, it } from 'vitest';
import type { VisualSource } from '../../../common/microturn';
import type { InputProvider } from '../../../main/engine/session';
import { kinds, makeTestSession } from './sessionHarness.fake';
import { ScriptedCodeReader, ScriptedRepetitions, ScriptedWatches } from './perceptionSignals.fake';

/** Frames at 10 fps (two per micro-turn); the first byte of each is chosen by `mark(index)`. */
function frames(source: VisualSource, mark: (index: number) => number): InputProvider {
  let index = 0;
  return {
    beforeClose(session, _turn, _fromMs, toMs) {
      while (index * 100 < toMs) {
        const rgb = new Uint8Array(4 * 4 * 3).fill(1);
        rgb[0] = mark(index);
        session.offerFrame(source, { rgb, width: 4, height: 4, atMs: index * 100, frameIndex: index });
        index++;
      }
    },
  };
}

describe('session perception signals', () => {
  it('feeds every camera frame to the counter while counting, and each counted repetition enters the input once', async () => {
    const repetition = new ScriptedRepetitions();
    // Frames 3 and 9 end a repetition; counting starts at turn 2 (frames from 600 ms on), stops at turn 7.
    const { session, model, events } = makeTestSession({
      turns: 10,
      inputProvider: frames('camera', (i) => (i === 3 || i === 9 || i === 13 ? 255 : 1)),
      script: { 2: { action: 'listen', events: [{ kind: 'start_counting', payload: { exercise: 'squats' } }] }, 6: { action: 'listen', events: [{ kind: 'stop_counting', payload: {} }] } },
      extra: { signals: { repetition } },
    });
    await session.run();
    // Armed at the end of turn 2 (600 ms): frames 6..13 are counted (turns 3..6), none before or after.
    expect(repetition.seen).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    const counted = kinds(events, 'repetition', 'counting_started', 'counting_stopped');
    expect(counted.map((e) => [e.kind, e.turn, e.payload.count ?? null])).toEqual([
      ['counting_started', 2, null],
      ['repetition', 4, 1],
      ['repetition', 6, 2],
      ['counting_stopped', 6, 2],
    ]);
    expect(model.inputs[4].events.map((e) => [e.kind, e.atMs, e.payload.count])).toEqual([['repetition', 900, 1]]);
    expect(session.perceptionSummary().reps).toBe(2);
  });

  it('reports no count at all when counting was never asked for', async () => {
    const repetition = new ScriptedRepetitions();
    const { session, events } = makeTestSession({ turns: 5, inputProvider: frames('camera', () => 255), extra: { signals: { repetition } } });
    await session.run();
    expect(repetition.seen).toEqual([]);
    expect(kinds(events, 'repetition')).toEqual([]);
    expect(session.perceptionSummary().reps).toBeNull();
  });

  it('records an unreadable frame as an error and keeps counting the next ones', async () => {
    const repetition = new ScriptedRepetitions();
    const { session, events } = makeTestSession({
      turns: 4,
      inputProvider: frames('camera', (i) => (i === 2 ? 13 : i === 4 ? 255 : 1)),
      script: { 0: { action: 'listen', events: [{ kind: 'start_counting', payload: { exercise: 'reps' } }] } },
      extra: { signals: { repetition } },
    });
    await session.run();
    expect(kinds(events, 'error').map((e) => e.payload)).toEqual([{ where: 'repetition', frameIndex: 2, message: 'frame 2 is unreadable' }]);
    expect(kinds(events, 'repetition').map((e) => e.payload.count)).toEqual([1]);
  });

  it('offers the newest screen frame of each micro-turn to the code reader; on the virtual clock a reading enters 1 s after its frame', async () => {
    const code = new ScriptedCodeReader();
    const { session, model, events } = makeTestSession({ turns: 8, inputProvider: frames('screen', (i) => (i === 3 ? 7 : 1)), extra: { signals: { code } } });
    await session.run();
    expect(code.offered).toEqual([1, 3, 5, 7, 9, 11, 13, 15]);
    // Frame 1 (100 ms) enters the micro-turn in which 1 100 ms falls (turn 5), frame 3 (300 ms) turn 6, and so on.
    expect(kinds(events, 'code_reading').map((e) => [e.turn, e.payload.frameIndex, e.payload.newFindings])).toEqual([[5, 1, 0], [6, 3, 1], [7, 5, 0]]);
    expect(model.inputs[6].events.map((e) => e.kind)).toEqual(['code_findings']);
    expect(session.perceptionSummary().codeFindings.map((f) => f.line)).toEqual([14]);
  });

  it('passes a reading on in the micro-turn it finished when the virtual latency is 0', async () => {
    const code = new ScriptedCodeReader();
    const { session, model, events } = makeTestSession({ turns: 3, inputProvider: frames('screen', (i) => (i === 3 ? 7 : 1)), extra: { signals: { code }, codeReadingVirtualLatencyMs: 0 } });
    await session.run();
    expect(kinds(events, 'code_reading').map((e) => [e.turn, e.payload.frameIndex, e.payload.newFindings])).toEqual([[0, 1, 0], [1, 3, 1], [2, 5, 0]]);
    expect(model.inputs[1].events.map((e) => e.kind)).toEqual(['code_findings']);
  });

  it('adds a watch the model asked for, fires it on its frame and rejects a malformed one with an error', async () => {
    const watches = new ScriptedWatches();
    const spec = { source: 'camera', region: null, condition: { kind: 'brightness', direction: 'on' }, label: 'The kettle is on.' };
    const { session, model, events } = makeTestSession({
      turns: 5,
      inputProvider: frames('camera', (i) => (i === 6 ? 200 : 1)),
      script: { 0: { action: 'listen', events: [{ kind: 'add_watch', payload: { spec } }, { kind: 'add_watch', payload: { spec: { ...spec, region: { x: 0.9, y: 0, width: 0.5, height: 1 } } } }] } },
      extra: { signals: { watches } },
    });
    await session.run();
    expect(kinds(events, 'watch_added').map((e) => [e.turn, e.payload.label])).toEqual([[1, 'The kettle is on.']]);
    expect(kinds(events, 'error').map((e) => e.payload.message)).toEqual([expect.stringContaining('the region must lie inside the frame')]);
    expect(kinds(events, 'watch_fired').map((e) => [e.turn, e.atMs, e.payload.label])).toEqual([[3, 600, 'The kettle is on.']]);
    expect(model.inputs[3].events.map((e) => e.kind)).toEqual(['watch_fired']);
    expect(session.listWatches()).toEqual([]);
  });
});
