// The perception the session loop uses: streaming dMel and changed-frame patches, behind common/interaction's contract.

import type { Perception } from '../../common/interaction';
import { DMEL_CHANNELS, DMEL_FRAMES_PER_TURN } from '../../common/microturn';
import { DmelStream } from './dmel';
import { FramePerceiver, type FramePerceiverConfigInput } from './frames';

export function createPerception(frames: FramePerceiverConfigInput = {}): Perception {
  return {
    createDmelEncoder: () => {
      // One output buffer per encoder: the 200 ms path allocates nothing (inputs live for one step).
      const stream = new DmelStream();
      const out = new Uint8Array(DMEL_FRAMES_PER_TURN * DMEL_CHANNELS);
      return { push: (chunk: Float32Array) => stream.push(chunk, out) };
    },
    createFrameEncoder: () => new FramePerceiver(frames),
  };
}
