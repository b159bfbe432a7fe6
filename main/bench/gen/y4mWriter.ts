// Writes RGB frames as a YUV4MPEG2 (.y4m) file, 4:2:0, full-range BT.601, which the engine reads directly.

import * as fs from 'node:fs';

const KR = 0.299;
const KB = 0.114;
const KG = 1 - KR - KB;

/**
 * Streams frames to a .y4m file. Full range (XCOLORRANGE=FULL) so that no level is lost to the
 * 16–235 squeeze; chroma is the mean of each 2×2 block (what C420jpeg's centred siting means).
 */
export class Y4mWriter {
  private readonly fd: number;
  private readonly frameBuffer: Buffer;
  framesWritten = 0;

  constructor(
    readonly path: string,
    readonly width: number,
    readonly height: number,
    readonly fps: number,
  ) {
    if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError(`4:2:0 frames need an even size, got ${width}×${height}`);
    if (!Number.isInteger(fps) || fps <= 0) throw new RangeError(`fps must be a positive integer, got ${fps}`);
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg XCOLORRANGE=FULL\n`);
    this.frameBuffer = Buffer.alloc(6 + width * height * 1.5);
    this.frameBuffer.write('FRAME\n', 0, 'latin1');
  }

  /** Appends one frame of tightly packed RGB (width·height·3 bytes). */
  write(rgb: Uint8Array): void {
    const { width, height } = this;
    if (rgb.length !== width * height * 3) throw new RangeError(`expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
    const out = this.frameBuffer;
    const yBase = 6;
    const uBase = yBase + width * height;
    const vBase = uBase + (width * height) / 4;
    for (let i = 0, p = 0; i < width * height; i++, p += 3) {
      out[yBase + i] = clamp(KR * rgb[p] + KG * rgb[p + 1] + KB * rgb[p + 2]);
    }
    const halfWidth = width / 2;
    for (let cy = 0; cy < height / 2; cy++) {
      for (let cx = 0; cx < halfWidth; cx++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const p = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
            r += rgb[p];
            g += rgb[p + 1];
            b += rgb[p + 2];
          }
        }
        r /= 4;
        g /= 4;
        b /= 4;
        const y = KR * r + KG * g + KB * b;
        out[uBase + cy * halfWidth + cx] = clamp(128 + (b - y) / (2 * (1 - KB)));
        out[vBase + cy * halfWidth + cx] = clamp(128 + (r - y) / (2 * (1 - KR)));
      }
    }
    fs.writeSync(this.fd, out);
    this.framesWritten++;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function clamp(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}
