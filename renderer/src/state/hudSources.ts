// Whether mic, camera and screen are live, read from what the store already knows: the session status and the timeline.

import type { SessionStatus } from '../../../common/ipc';
import { SAMPLES_PER_TURN } from '../../../common/microturn';
import type { TimelineEvent } from '../../../common/timeline';

export type SourceLiveness = 'live' | 'lost' | 'off';
export type SourceName = 'mic' | 'camera' | 'screen';

/**
 * live: the source delivers (mic: the last closed chunk held captured audio; camera/screen: it came back,
 * or frames of it reached the engine since it was last lost); lost: its latest presence event is
 * source_lost; off: no session runs, or nothing of it arrived yet.
 */
export function sourceLiveness(status: SessionStatus | undefined, events: readonly TimelineEvent[]): Record<SourceName, SourceLiveness> {
  const result: Record<SourceName, SourceLiveness> = { mic: 'off', camera: 'off', screen: 'off' };
  if (!status || (status.state !== 'running' && status.state !== 'paused')) return result;
  let micChunkLive = false;
  for (const event of events) {
    const source = event.payload.source;
    switch (event.kind) {
      case 'source_lost':
        if (isSource(source)) result[source] = 'lost';
        break;
      case 'source_restored':
        if (isSource(source)) result[source] = source === 'mic' ? 'off' : 'live';
        break;
      case 'frame':
        if ((source === 'camera' || source === 'screen') && result[source] !== 'lost') result[source] = 'live';
        break;
      case 'audio_chunk': {
        const underrun = typeof event.payload.underrunSamples === 'number' ? event.payload.underrunSamples : SAMPLES_PER_TURN;
        micChunkLive = event.payload.micPresent === true && underrun < SAMPLES_PER_TURN;
        break;
      }
      default:
        break;
    }
  }
  if (result.mic !== 'lost') result.mic = micChunkLive ? 'live' : 'off';
  return result;
}

function isSource(value: unknown): value is SourceName {
  return value === 'mic' || value === 'camera' || value === 'screen';
}
