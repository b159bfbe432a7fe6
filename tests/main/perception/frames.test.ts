// Frame perception: exact 40×40 patch layout, area downscaling, patch-grid sizing, and which frames count as changed.
import { describe, expect, it, vi } from 'vitest';
import { TandemError } from '../../../common/errors';
import { PATCH_SIZE } from '../../../common/microturn';
import {
  CAMERA_CHANGE_DEFAULTS,
  FrameChangeDetector,
  FramePatcher,
  FramePerceiver,
  SCREEN_CHANGE_DEFAULTS,
  patchGridSize,
  type RgbFrame,
} from '../../../main/perception/frames';

const PATCH_BYTES = PATCH_SIZE * PATCH_SIZE * 3;

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      const p = (y * width + x) * 3;
      rgb[p] = r;
      rgb[p + 1] = g;
      rgb[p + 2] = b;
    }
  }
  return rgb;
}

function frame(rgb: Uint8Array, width: number, height: number, frameIndex = 0): RgbFrame {
  return { rgb, width, height, atMs: frameIndex * 200, frameIndex };
}

/** Deterministic integer noise in [-amplitude, amplitude]. */
function noiseSource(seed: number, amplitude: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state % (2 * amplitude + 1)) - amplitude;
  };
}

/** A textured "room": smooth gradients plus a few flat objects, like a camera view. */
function scene(width: number, height: number, square?: { x: number; y: number; size: number }): Uint8Array {
  return image(width, height, (x, y) => {
    if (square && x >= square.x && x < square.x + square.size && y >= square.y && y < square.y + square.size) {
      return [230, 40, 40];
    }
    const shade = 60 + Math.round((100 * x) / width + (60 * y) / height);
    return [shade, shade + 10, shade - 20];
  });
}

function withNoise(rgb: Uint8Array, next: () => number): Uint8Array {
  return rgb.map((v) => Math.max(0, Math.min(255, v + next())));
}

describe('FramePatcher', () => {
  it('cuts patches in row-major patch order with row-major RGB pixels inside each patch', () => {
    // 320×240 is already the target size, so every output pixel is its source pixel.
    // R and G encode the position inside the patch, B the patch index (row-major over the 8×6 grid).
    const rgb = image(320, 240, (x, y) => {
      const patchIndex = Math.floor(y / 40) * 8 + Math.floor(x / 40);
      return [(x % 40) * 6, (y % 40) * 6, patchIndex * 5];
    });
    const { patches, width, height, patchCount } = new FramePatcher().patchify(rgb, 320, 240);
    expect([width, height, patchCount]).toEqual([320, 240, 48]);
    expect(patches.length).toBe(48 * PATCH_BYTES);
    for (let p = 0; p < patchCount; p++) {
      for (let iy = 0; iy < 40; iy++) {
        for (let ix = 0; ix < 40; ix++) {
          const o = p * PATCH_BYTES + (iy * 40 + ix) * 3;
          if (patches[o] !== ix * 6 || patches[o + 1] !== iy * 6 || patches[o + 2] !== p * 5) {
            throw new Error(`patch ${p} pixel (${ix},${iy}) = ${patches.subarray(o, o + 3).join(',')}`);
          }
        }
      }
    }
  });

  it('gives each patch the colour of its region after downscaling', () => {
    // 1280×960 → 320×240: each patch is a 160×160 source block of one colour.
    const colourOf = (px: number, py: number): [number, number, number] => [px * 31, py * 50, 255 - px * 31];
    const rgb = image(1280, 960, (x, y) => colourOf(Math.floor(x / 160), Math.floor(y / 160)));
    const { patches, patchCount } = new FramePatcher().patchify(rgb, 1280, 960);
    expect(patchCount).toBe(48);
    for (let p = 0; p < 48; p++) {
      const expected = colourOf(p % 8, Math.floor(p / 8));
      const block = patches.subarray(p * PATCH_BYTES, (p + 1) * PATCH_BYTES);
      for (let i = 0; i < PATCH_BYTES; i += 3) {
        expect([block[i], block[i + 1], block[i + 2]]).toEqual(expected);
      }
    }
  });

  it('keeps the colour of a uniform image at any scale', () => {
    for (const [w, h] of [
      [1920, 1080],
      [1366, 768],
      [333, 251],
      [50, 30],
    ]) {
      const rgb = image(w, h, () => [12, 200, 99]);
      const { patches } = new FramePatcher().patchify(rgb, w, h);
      for (let i = 0; i < patches.length; i += 3) {
        if (patches[i] !== 12 || patches[i + 1] !== 200 || patches[i + 2] !== 99) {
          throw new Error(`${w}×${h}: byte ${i} = ${patches.subarray(i, i + 3).join(',')}`);
        }
      }
    }
  });

  it('averages areas: alternating 0/200 columns downscaled 2:1 become 100', () => {
    const rgb = image(640, 480, (x) => (x % 2 === 0 ? [0, 0, 0] : [200, 200, 200]));
    const { patches } = new FramePatcher().patchify(rgb, 640, 480);
    expect(new Set(patches)).toEqual(new Set([100]));
  });

  it('reuses its tables across frames and rebuilds them when the size changes', () => {
    const patcher = new FramePatcher();
    const a = patcher.patchify(image(640, 480, () => [1, 2, 3]), 640, 480);
    const b = patcher.patchify(image(1920, 1080, () => [4, 5, 6]), 1920, 1080);
    const c = patcher.patchify(image(640, 480, () => [7, 8, 9]), 640, 480);
    expect([a.width, a.height, b.width, b.height, c.width, c.height]).toEqual([320, 240, 320, 200, 320, 240]);
    expect(Array.from(c.patches.subarray(0, 3))).toEqual([7, 8, 9]);
  });
});

describe('patchGridSize', () => {
  const box = { maxWidth: 320, maxHeight: 240 };
  it.each([
    [640, 480, 320, 240], // 4:3 fills the box: 8×6 patches
    [1920, 1080, 320, 200], // 320×180 → height rounds to 5 patches
    [3840, 2160, 320, 200],
    [1280, 1024, 320, 240], // 300×240 → width rounds to 8 patches
    [1080, 1920, 120, 240], // portrait: 135×240 → 3×6 patches
    [160, 120, 160, 120], // smaller than the box: not enlarged
    [100, 50, 120, 40], // 2.5 × 1.25 patches round to 3 × 1 (to the nearest patch, so up to 20 px larger)
    [90, 50, 80, 40], // 2.25 patches round down to 2
    [30, 20, 40, 40], // at least one patch
  ])('%i×%i → %i×%i', (w, h, ew, eh) => {
    const size = patchGridSize(w, h, box);
    expect(size).toEqual({ width: ew, height: eh });
    expect(size.width % PATCH_SIZE).toBe(0);
    expect(size.height % PATCH_SIZE).toBe(0);
  });

  it('follows the configured box', () => {
    expect(patchGridSize(1920, 1080, { maxWidth: 640, maxHeight: 480 })).toEqual({ width: 640, height: 360 });
    const perceiver = new FramePerceiver({ patches: { maxWidth: 640, maxHeight: 480 } });
    const out = perceiver.perceive('screen', frame(image(1920, 1080, () => [0, 0, 0]), 1920, 1080));
    expect(out && [out.width, out.height, out.patchCount]).toEqual([640, 360, 16 * 9]);
  });

  it('rejects a box that is not made of whole patches', () => {
    expect(() => new FramePerceiver({ patches: { maxWidth: 300, maxHeight: 240 } })).toThrow(/multiple of 40/);
    try {
      new FramePatcher({ maxWidth: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TandemError);
      expect((error as TandemError).code).toBe('CONFIG_INVALID');
    }
  });
});

describe('FramePerceiver change detection', () => {
  it('passes on the first frame and returns null for the same frame again', () => {
    const perceiver = new FramePerceiver();
    const rgb = scene(640, 480);
    const first = perceiver.perceive('camera', { rgb, width: 640, height: 480, atMs: 1200, frameIndex: 36 });
    expect(first).toMatchObject({ source: 'camera', atMs: 1200, frameIndex: 36, width: 320, height: 240, patchCount: 48, changedShare: 1 });
    expect(first?.patches.length).toBe(48 * PATCH_BYTES);
    expect(perceiver.perceive('camera', frame(rgb.slice(), 640, 480, 37))).toBeNull();
  });

  it('does not downscale or patch a frame that did not change', () => {
    const patchify = vi.spyOn(FramePatcher.prototype, 'patchify');
    try {
      const perceiver = new FramePerceiver();
      const clean = scene(640, 480);
      const next = noiseSource(5, 12);
      perceiver.perceive('camera', frame(clean, 640, 480, 0));
      perceiver.perceive('camera', frame(clean.slice(), 640, 480, 1));
      perceiver.perceive('camera', frame(withNoise(clean, next), 640, 480, 2));
      expect(patchify).toHaveBeenCalledTimes(1);
    } finally {
      patchify.mockRestore();
    }
  });

  it('ignores camera sensor noise', () => {
    const perceiver = new FramePerceiver();
    const clean = scene(640, 480);
    const next = noiseSource(42, 12);
    expect(perceiver.perceive('camera', frame(withNoise(clean, next), 640, 480, 0))).not.toBeNull();
    for (let i = 1; i <= 10; i++) {
      expect(perceiver.perceive('camera', frame(withNoise(clean, next), 640, 480, i))).toBeNull();
    }
  });

  it('passes on a frame in which an object moved, even under noise', () => {
    const perceiver = new FramePerceiver();
    const next = noiseSource(7, 12);
    perceiver.perceive('camera', frame(withNoise(scene(640, 480, { x: 100, y: 100, size: 120 }), next), 640, 480, 0));
    const moved = perceiver.perceive('camera', frame(withNoise(scene(640, 480, { x: 220, y: 140, size: 120 }), next), 640, 480, 1));
    expect(moved).not.toBeNull();
    expect(moved?.changedShare).toBeGreaterThan(0.02);
    // The moved frame is the new reference: showing it again is no change.
    expect(perceiver.perceive('camera', frame(scene(640, 480, { x: 220, y: 140, size: 120 }), 640, 480, 2))).toBeNull();
  });

  it('uses the screen defaults for the screen and the camera defaults for the camera', () => {
    const { camera, screen } = new FramePerceiver().config;
    expect(camera).toEqual(CAMERA_CHANGE_DEFAULTS);
    expect(screen).toEqual(SCREEN_CHANGE_DEFAULTS);
    // Overriding one field keeps that source's other defaults.
    expect(new FramePerceiver({ screen: { cellLumaThreshold: 6 } }).config.screen).toEqual({ ...SCREEN_CHANGE_DEFAULTS, cellLumaThreshold: 6 });
  });

  it.each([
    [1920, 1080, 1],
    [3840, 2160, 2],
  ])('catches one typed character on a %i×%i screen wherever it lands', (width, height, dpiScale) => {
    const detector = new FrameChangeDetector(SCREEN_CHANGE_DEFAULTS);
    const page = new Uint8Array(width * height * 3).fill(250);
    expect(detector.check(page, width, height).changed).toBe(true);
    // An "H" in an 8×16 box (scaled with the screen's DPI): two 2-px stems and a 2-px bar, at 4×4
    // positions so that every phase of a sampling lattice would be tried.
    for (let shift = 0; shift < 16; shift++) {
      const left = 901 + (shift % 4);
      const top = 500 + Math.floor(shift / 4);
      const inked: number[] = [];
      for (let gy = 0; gy < 16 * dpiScale; gy++) {
        for (let gx = 0; gx < 7 * dpiScale; gx++) {
          const u = gx / dpiScale;
          const v = gy / dpiScale;
          if (u < 2 || u >= 5 || (v >= 7 && v < 9)) inked.push(((top + gy) * width + left + gx) * 3);
        }
      }
      for (const p of inked) page.fill(20, p, p + 3);
      const typed = detector.check(page, width, height);
      expect(typed.changed, `glyph shifted by ${shift % 4},${Math.floor(shift / 4)}`).toBe(true);
      expect(typed.changedShare).toBeLessThan(0.01);
      // Erasing it is a change back to the blank page, which becomes the reference again.
      for (const p of inked) page.fill(250, p, p + 3);
      expect(detector.check(page, width, height).changed).toBe(true);
    }
  });

  it('compares with the last frame passed on, so a slow drift is caught once it adds up', () => {
    const detector = new FrameChangeDetector({ cellLumaThreshold: 10, samplesPerCell: 25 });
    const grey = (level: number): Uint8Array => image(160, 120, () => [level, level, level]);
    expect(detector.check(grey(100), 160, 120).changed).toBe(true);
    const results = [];
    for (let step = 1; step <= 12; step++) results.push(detector.check(grey(100 + step), 160, 120).changed);
    // 1 level per frame: 11 frames later the cells have moved by more than 10 since the reference.
    expect(results.indexOf(true)).toBe(10);
  });

  it('keeps camera and screen apart and passes on a frame whose size changed', () => {
    const perceiver = new FramePerceiver();
    const rgb = scene(640, 480);
    expect(perceiver.perceive('camera', frame(rgb, 640, 480, 0))).not.toBeNull();
    expect(perceiver.perceive('screen', frame(rgb, 640, 480, 0))).not.toBeNull();
    expect(perceiver.perceive('camera', frame(rgb, 640, 480, 1))).toBeNull();
    const resized = perceiver.perceive('camera', frame(scene(320, 240), 320, 240, 2));
    expect(resized?.changedShare).toBe(1);
    perceiver.reset('camera');
    expect(perceiver.perceive('camera', frame(scene(320, 240), 320, 240, 3))).not.toBeNull();
    expect(perceiver.perceive('screen', frame(rgb, 640, 480, 4))).toBeNull();
  });
});

describe('FramePerceiver input validation', () => {
  function caught(run: () => unknown): TandemError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(TandemError);
      return error as TandemError;
    }
    throw new Error('expected a TandemError');
  }

  it('rejects a buffer whose size is not width·height·3, naming the source and frame index', () => {
    const perceiver = new FramePerceiver();
    const error = caught(() => perceiver.perceive('camera', frame(new Uint8Array(640 * 480 * 3 - 1), 640, 480, 7)));
    expect(error.code).toBe('MEDIA_INVALID');
    expect(error.where).toBe('camera frame 7');
    expect(error.message).toContain(`${640 * 480 * 3 - 1} bytes`);
    expect(error.message).toContain(`expected ${640 * 480 * 3}`);
  });

  it('recognises RGBA and says to drop the alpha channel', () => {
    const error = caught(() => new FramePerceiver().perceive('screen', frame(new Uint8Array(64 * 48 * 4), 64, 48, 3)));
    expect(error.where).toBe('screen frame 3');
    expect(error.message).toMatch(/RGBA/);
    expect(error.hint).toMatch(/alpha/);
  });

  it('rejects impossible sizes and unknown sources', () => {
    const perceiver = new FramePerceiver();
    expect(caught(() => perceiver.perceive('camera', frame(new Uint8Array(0), 0, 0, 1))).code).toBe('MEDIA_INVALID');
    expect(caught(() => perceiver.perceive('camera', frame(new Uint8Array(6), 2.5, 1, 1))).code).toBe('MEDIA_INVALID');
    const unknown = caught(() => perceiver.perceive('webcam' as 'camera', frame(new Uint8Array(3), 1, 1, 2)));
    expect(unknown.message).toContain('webcam');
  });
});
