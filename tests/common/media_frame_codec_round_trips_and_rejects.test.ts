// The one binary-frame codec of the hot path: mic, out and video frames round-trip exactly; every malformed frame is refused with a reason, never thrown.

import { describe, expect, it } from 'vitest';
import { MAX_VIDEO_FRAME_SIDE, decodeMediaFrame, encodeMediaFrame, videoFrameProblem } from '../../common/ipc';

/** A frame with a hand-written header, to build what the encoder would never produce. */
function rawFrame(header: string, payload: Uint8Array, declaredHeaderBytes?: number): ArrayBuffer {
  const json = new TextEncoder().encode(header);
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const buffer = new ArrayBuffer(4 + headerBytes + payload.length);
  new DataView(buffer).setUint32(0, declaredHeaderBytes ?? headerBytes, true);
  const bytes = new Uint8Array(buffer);
  bytes.fill(0x20, 4, 4 + headerBytes);
  bytes.set(json, 4);
  bytes.set(payload, 4 + headerBytes);
  return buffer;
}

const reasonOf = (buffer: ArrayBuffer): string => {
  const decoded = decodeMediaFrame(buffer);
  if (decoded.ok) throw new Error(`expected a refusal, got a ${decoded.kind} frame`);
  return decoded.reason;
};

describe('encodeMediaFrame / decodeMediaFrame', () => {
  it('round-trips a video frame: header, kind and every RGB byte', () => {
    const rgb = new Uint8Array(4 * 3 * 3).map((_, i) => (i * 37) % 256);
    const decoded = decodeMediaFrame(encodeMediaFrame({ kind: 'video', source: 'screen', seq: 12, width: 4, height: 3 }, rgb));
    expect(decoded).toEqual({ ok: true, kind: 'video', header: { kind: 'video', source: 'screen', seq: 12, width: 4, height: 3 }, rgb: expect.any(Uint8Array) });
    if (decoded.ok && decoded.kind === 'video') expect(Array.from(decoded.rgb)).toEqual(Array.from(rgb));
  });

  it('round-trips a video frame whose RGB is a view into a larger buffer (only the view is sent)', () => {
    const backing = new Uint8Array(100).fill(9);
    backing.set([1, 2, 3], 10);
    const decoded = decodeMediaFrame(encodeMediaFrame({ kind: 'video', source: 'camera', seq: 0, width: 1, height: 1 }, backing.subarray(10, 13)));
    expect(decoded.ok && decoded.kind === 'video' && Array.from(decoded.rgb)).toEqual([1, 2, 3]);
  });

  it('round-trips the largest video frame allowed, and mic and out audio frames', () => {
    const side = MAX_VIDEO_FRAME_SIDE;
    const big = decodeMediaFrame(encodeMediaFrame({ kind: 'video', source: 'camera', seq: 1, width: side, height: side }, new Uint8Array(side * side * 3)));
    expect(big.ok && big.kind).toBe('video');
    const mic = decodeMediaFrame(encodeMediaFrame({ kind: 'mic', seq: 3, samples: 2 }, new Float32Array([0.5, -0.25])));
    expect(mic.ok && mic.kind === 'mic' && [mic.header, Array.from(mic.samples)]).toEqual([{ kind: 'mic', seq: 3, samples: 2 }, [0.5, -0.25]]);
    const out = decodeMediaFrame(encodeMediaFrame({ kind: 'out', turn: 9, samples: 1 }, new Float32Array([0.125])));
    expect(out.ok && out.kind === 'out' && [out.header, Array.from(out.samples)]).toEqual([{ kind: 'out', turn: 9, samples: 1 }, [0.125]]);
  });

  it('refuses frames that are not frames: too short, a header length that does not fit, a header that is not JSON, not an ArrayBuffer', () => {
    expect(reasonOf(new Uint8Array([1, 2, 3]).buffer)).toMatch(/3 bytes is shorter than a header/);
    expect(reasonOf(rawFrame('{"kind":"video"}', new Uint8Array(0), 4096))).toMatch(/header length 4096 does not fit/);
    expect(reasonOf(rawFrame('{"kind":"video"}', new Uint8Array(0), 6))).toMatch(/header length 6 does not fit/);
    expect(reasonOf(rawFrame('{kind: video', new Uint8Array(0)))).toBe('frame header is not JSON');
    expect(reasonOf(new Uint8Array(16) as unknown as ArrayBuffer)).toBe('frame is not an ArrayBuffer');
    expect(reasonOf(null as unknown as ArrayBuffer)).toBe('frame is not an ArrayBuffer');
  });

  it('refuses video headers outside the contract: unknown kind or source, sizes out of bounds, fractional or negative numbers, extra keys', () => {
    const rgb = new Uint8Array(3);
    const header = (fields: Record<string, unknown>) => JSON.stringify({ kind: 'video', source: 'camera', seq: 0, width: 1, height: 1, ...fields });
    expect(reasonOf(rawFrame(JSON.stringify({ kind: 'picture', seq: 0 }), rgb))).toMatch(/kind/);
    expect(reasonOf(rawFrame(header({ source: 'mic' }), rgb))).toMatch(/source/);
    expect(reasonOf(rawFrame(header({ width: 0 }), new Uint8Array(0)))).toMatch(/width/);
    expect(reasonOf(rawFrame(header({ width: MAX_VIDEO_FRAME_SIDE + 1 }), new Uint8Array((MAX_VIDEO_FRAME_SIDE + 1) * 3)))).toMatch(/width/);
    expect(reasonOf(rawFrame(header({ height: MAX_VIDEO_FRAME_SIDE + 1 }), new Uint8Array((MAX_VIDEO_FRAME_SIDE + 1) * 3)))).toMatch(/height/);
    expect(reasonOf(rawFrame(header({ width: 1.5 }), rgb))).toMatch(/width/);
    expect(reasonOf(rawFrame(header({ seq: -1 }), rgb))).toMatch(/seq/);
    expect(reasonOf(rawFrame(header({ extra: true }), rgb))).toMatch(/extra/);
    const { width: _w, ...noWidth } = JSON.parse(header({})) as Record<string, unknown>;
    expect(reasonOf(rawFrame(JSON.stringify(noWidth), rgb))).toMatch(/width/);
  });

  it('refuses a video payload that is not exactly width·height·3 bytes (RGBA, short, long)', () => {
    const header = JSON.stringify({ kind: 'video', source: 'screen', seq: 0, width: 2, height: 2 });
    expect(reasonOf(rawFrame(header, new Uint8Array(16)))).toBe('header says 2×2 RGB (12 bytes), payload holds 16 bytes');
    expect(reasonOf(rawFrame(header, new Uint8Array(11)))).toBe('header says 2×2 RGB (12 bytes), payload holds 11 bytes');
    expect(reasonOf(rawFrame(header, new Uint8Array(0)))).toBe('header says 2×2 RGB (12 bytes), payload holds 0 bytes');
  });

  it('still refuses audio frames with a wrong sample count or a sample that is not finite', () => {
    expect(reasonOf(rawFrame(JSON.stringify({ kind: 'mic', seq: 0, samples: 2 }), new Uint8Array(4)))).toBe('header says 2 samples, payload holds 1');
    expect(reasonOf(encodeMediaFrame({ kind: 'mic', seq: 0, samples: 2 }, new Float32Array([0, Number.NaN])))).toBe('sample 1 is not a finite number');
  });
});

describe('videoFrameProblem (what the bridges check before sending)', () => {
  it('accepts a well-formed frame and names the problem of every other', () => {
    expect(videoFrameProblem({ rgb: new Uint8Array(6), width: 2, height: 1 })).toBeNull();
    expect(videoFrameProblem({ rgb: new Uint8Array(8), width: 2, height: 1 })).toBe('2×1 RGB needs 6 bytes, got 8');
    expect(videoFrameProblem({ rgb: new Uint8Array(0), width: 0, height: 0 })).toBe(`a frame is 1..${MAX_VIDEO_FRAME_SIDE} px per side, got 0×0`);
    expect(videoFrameProblem({ rgb: new Uint8Array(1920 * 1080 * 3), width: 1920, height: 1080 })).toBeNull();
    expect(videoFrameProblem({ rgb: new Uint8Array(3 * 1921), width: 1921, height: 1 })).toMatch(/1921×1/);
    expect(videoFrameProblem({ rgb: [1, 2, 3] as unknown as Uint8Array, width: 1, height: 1 })).toBe('rgb must be a Uint8Array');
  });
});
