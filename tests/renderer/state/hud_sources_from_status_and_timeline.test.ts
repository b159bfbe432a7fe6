// The HUD's live dots: mic from the last closed chunk, camera and screen from frames and presence events, all off without a session.

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../common/timeline';
import { sourceLiveness } from '../../../renderer/src/state/hudSources';

let seq = 0;
const ev = (kind: TimelineEvent['kind'], payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn: 0, atMs: 0, source: 'engine', kind, payload });
const chunk = (underrunSamples: number, micPresent = true) => ev('audio_chunk', { offsetSamples: 0, underrunSamples, micPresent });
const running = { state: 'running' as const, turn: 3 };

describe('sourceLiveness', () => {
  it('is all off when no session runs, whatever the timeline says', () => {
    expect(sourceLiveness(undefined, [chunk(0)])).toEqual({ mic: 'off', camera: 'off', screen: 'off' });
    expect(sourceLiveness({ state: 'stopped', turn: 9 }, [chunk(0)])).toEqual({ mic: 'off', camera: 'off', screen: 'off' });
  });

  it('shows the mic live when the last chunk held captured audio, off when it was all zero-filled', () => {
    expect(sourceLiveness(running, [chunk(3_200), chunk(0)]).mic).toBe('live');
    expect(sourceLiveness(running, [chunk(0), chunk(3_200)]).mic).toBe('off');
    expect(sourceLiveness({ state: 'paused', turn: 3 }, [chunk(100)]).mic).toBe('live');
  });

  it('follows source_lost and source_restored, and frames for camera and screen', () => {
    const events = [
      chunk(0),
      ev('frame', { source: 'screen', frameIndex: 0 }),
      ev('source_lost', { source: 'mic' }),
      ev('source_lost', { source: 'camera' }),
      ev('frame', { source: 'camera', frameIndex: 3 }),
    ];
    expect(sourceLiveness(running, events)).toEqual({ mic: 'lost', camera: 'lost', screen: 'live' });
    expect(sourceLiveness(running, [...events, ev('source_restored', { source: 'camera' }), ev('source_restored', { source: 'mic' }), chunk(0)])).toEqual({
      mic: 'live', camera: 'live', screen: 'live',
    });
  });
});
