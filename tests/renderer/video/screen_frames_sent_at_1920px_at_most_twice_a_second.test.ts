// Send policy: the camera goes out at 320 px up to 5 fps; the screen at up to 1920 px (readable code), at most every second 250-ms sample (≤ 2 fps); change regions found on the thumbnail land on the sent frame.

import { describe, expect, it } from 'vitest';
import { MAX_VIDEO_FRAME_SIDE } from '../../../common/ipc';
import { CHANGE_TEST_SIDE, SEND_POLICIES, SendPacer, scaleRegions, sentSize } from '../../../renderer/src/video/sendPolicy';

describe('sentSize', () => {
  it('sends the screen at up to 1920 px on its long side, aspect kept, never enlarged', () => {
    expect(sentSize('screen', 3840, 2160)).toEqual({ width: 1920, height: 1080 });
    expect(sentSize('screen', 2560, 1440)).toEqual({ width: 1920, height: 1080 });
    expect(sentSize('screen', 1920, 1080)).toEqual({ width: 1920, height: 1080 });
    expect(sentSize('screen', 1366, 768)).toEqual({ width: 1366, height: 768 });
    expect(sentSize('screen', 1440, 2560)).toEqual({ width: 1080, height: 1920 });
    expect(sentSize('screen', 5120, 1440)).toEqual({ width: 1920, height: 540 });
    expect(sentSize('screen', 0, 0)).toEqual({ width: 0, height: 0 });
  });

  it('keeps the camera at 320 px', () => {
    expect(sentSize('camera', 640, 480)).toEqual({ width: 320, height: 240 });
    expect(sentSize('camera', 1920, 1080)).toEqual({ width: 320, height: 180 });
  });

  it('never exceeds what the media-frame codec accepts, and tests change on a 320-px thumbnail', () => {
    for (const source of ['camera', 'screen'] as const) expect(SEND_POLICIES[source].maxSide).toBeLessThanOrEqual(MAX_VIDEO_FRAME_SIDE);
    expect(CHANGE_TEST_SIDE).toBe(320);
  });
});

describe('SendPacer with the sources\' policies', () => {
  /** Which of `samples` samples may send, when every allowed sample does send (a screen that changes all the time). */
  const sendsOf = (samplesPerSend: number, samples: number) => {
    const pacer = new SendPacer(samplesPerSend);
    const sent: number[] = [];
    for (let k = 0; k < samples; k++) {
      if (pacer.sampleMaySend()) {
        pacer.sent();
        sent.push(k);
      }
    }
    return sent;
  };

  it('lets a constantly changing screen out at most twice a second, the camera five times', () => {
    const screen = SEND_POLICIES.screen;
    const screenSends = sendsOf(screen.samplesPerSend, 20); // 20 samples × 250 ms = 5 s
    expect(screenSends).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect((screenSends.length * 1000) / (20 * screen.sampleIntervalMs)).toBe(2);
    const camera = SEND_POLICIES.camera;
    expect(sendsOf(camera.samplesPerSend, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(1000 / camera.sampleIntervalMs).toBe(5);
  });

  it('a still screen is not sent, and its change is sent at the next sample (the pacer only waits after a send)', () => {
    const pacer = new SendPacer(2);
    expect(pacer.sampleMaySend()).toBe(true);
    pacer.sent();
    expect(pacer.sampleMaySend()).toBe(false);
    // Samples 2..4 see no change: allowed, but nothing is sent.
    expect([pacer.sampleMaySend(), pacer.sampleMaySend(), pacer.sampleMaySend()]).toEqual([true, true, true]);
    pacer.sent();
    expect(pacer.sampleMaySend()).toBe(false);
    pacer.reset();
    expect(pacer.sampleMaySend()).toBe(true);
  });
});

describe('scaleRegions', () => {
  it('maps thumbnail regions onto the full-size frame, inside it', () => {
    expect(scaleRegions([{ x: 20, y: 15, width: 40, height: 30 }], 320, 180, 1920, 1080)).toEqual([{ x: 120, y: 90, width: 240, height: 180 }]);
    expect(scaleRegions([{ x: 0, y: 0, width: 320, height: 180 }], 320, 180, 1366, 768)).toEqual([{ x: 0, y: 0, width: 1366, height: 768 }]);
    const same = [{ x: 1, y: 2, width: 3, height: 4 }];
    expect(scaleRegions(same, 320, 240, 320, 240)).toEqual(same);
    expect(scaleRegions(same, 320, 240, 320, 240)[0]).not.toBe(same[0]);
  });
});
