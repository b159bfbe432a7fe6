// Dragging a rectangle on a preview gives the watch region as 0..1 fractions of the frame: any drag direction, clamped to the frame, rounded inward so the engine's schema accepts it; a click is not a region.

import { describe, expect, it } from 'vitest';
import { WatchRegionSchema } from '../../../common/perception';
import { regionFromDrag } from '../../../renderer/src/video/perceptionOverlay';

describe('regionFromDrag', () => {
  it('turns two corners in preview pixels into fractions, whichever way the drag went', () => {
    expect(regionFromDrag({ x: 80, y: 60 }, { x: 240, y: 180 }, 320, 240)).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 });
    expect(regionFromDrag({ x: 240, y: 180 }, { x: 80, y: 60 }, 320, 240)).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 });
    expect(regionFromDrag({ x: 240, y: 60 }, { x: 80, y: 180 }, 320, 240)).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 });
  });

  it('clamps a drag that left the preview to the frame', () => {
    expect(regionFromDrag({ x: -50, y: -10 }, { x: 400, y: 120 }, 320, 240)).toEqual({ x: 0, y: 0, width: 1, height: 0.5 });
  });

  it('rounds to 4 decimals inward, so x + width ≤ 1 and the contract accepts every result', () => {
    const region = regionFromDrag({ x: 100, y: 33 }, { x: 319.99, y: 239.99 }, 321, 241);
    expect(region).toEqual({ x: 0.3116, y: 0.137, width: 0.6852, height: 0.8588 });
    for (const [a, b] of [[{ x: 1, y: 1 }, { x: 320, y: 240 }], [{ x: 0, y: 0 }, { x: 1e9, y: 1e9 }], [{ x: 7, y: 3 }, { x: 313, y: 237 }]] as const) {
      const dragged = regionFromDrag(a, b, 320, 240);
      expect(WatchRegionSchema.safeParse(dragged).success).toBe(true);
    }
  });

  it('a click, a slip or a preview without size is not a region', () => {
    expect(regionFromDrag({ x: 100, y: 100 }, { x: 100, y: 100 }, 320, 240)).toBeNull();
    expect(regionFromDrag({ x: 100, y: 100 }, { x: 104, y: 200 }, 320, 240)).toBeNull(); // 4 px = 1.25 % wide
    expect(regionFromDrag({ x: 0, y: 0 }, { x: 100, y: 100 }, 0, 240)).toBeNull();
    expect(regionFromDrag({ x: Number.NaN, y: 0 }, { x: 100, y: 100 }, 320, 240)).toBeNull();
    expect(regionFromDrag({ x: 0, y: 0 }, { x: Number.POSITIVE_INFINITY, y: 100 }, 320, 240)).toBeNull();
  });
});
