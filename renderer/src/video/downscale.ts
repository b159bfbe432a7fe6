// Fits a captured video frame into the size sent to the engine and turns canvas RGBA into the contract's tightly packed RGB.

/** Longest side of a camera frame sent to the engine and of the change-test thumbnail: the perception box is 320×240, so more pixels would be averaged away there (the screen goes out larger, for OCR: see sendPolicy.ts). */
export const MAX_SENT_SIDE = 320;

/** The size a width × height frame is drawn at: at most `maxSide` on its long side, aspect kept (rounded), never enlarged, never 0. */
export function fitWithin(width: number, height: number, maxSide = MAX_SENT_SIDE): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) return { width: 0, height: 0 };
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Drops the alpha channel of canvas ImageData (RGBA, row-major) into a new RGB array; `into` is reused when its size fits. */
export function rgbaToRgb(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, into?: Uint8Array): Uint8Array {
  const pixels = width * height;
  if (rgba.length < pixels * 4) throw new RangeError(`rgbaToRgb: ${width}×${height} needs ${pixels * 4} RGBA bytes, got ${rgba.length}`);
  const rgb = into && into.length === pixels * 3 ? into : new Uint8Array(pixels * 3);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 4, o += 3) {
    rgb[o] = rgba[i];
    rgb[o + 1] = rgba[i + 1];
    rgb[o + 2] = rgba[i + 2];
  }
  return rgb;
}

/** RGB back to RGBA (opaque), to paint a sent frame into a preview canvas. */
export function rgbToRgba(rgb: Uint8Array, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const pixels = width * height;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 3, o += 4) {
    rgba[o] = rgb[i];
    rgba[o + 1] = rgb[i + 1];
    rgba[o + 2] = rgb[i + 2];
    rgba[o + 3] = 255;
  }
  return rgba;
}

type Canvas2d = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/**
 * Draws video frames at the sent size and reads them back as RGB. The browser's scaler does the
 * downscaling (bilinear with mipmaps on Chromium), on an OffscreenCanvas where there is one.
 */
export class FrameScaler {
  private canvas: OffscreenCanvas | HTMLCanvasElement | undefined;
  private context: Canvas2d | undefined;

  constructor(private readonly maxSide = MAX_SENT_SIDE) {}

  /** The frame now showing in `video`, fitted and as RGB; null while the video has no picture yet. */
  grab(video: HTMLVideoElement): { rgb: Uint8Array; width: number; height: number } | null {
    const { width, height } = fitWithin(video.videoWidth, video.videoHeight, this.maxSide);
    if (width === 0 || height === 0) return null;
    const context = this.contextOf(width, height);
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    return { rgb: rgbaToRgb(image.data, width, height), width, height };
  }

  private contextOf(width: number, height: number): Canvas2d {
    if (!this.canvas) {
      this.canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
    }
    if (this.canvas.width !== width || this.canvas.height !== height || !this.context) {
      this.canvas.width = width;
      this.canvas.height = height;
      // willReadFrequently keeps the canvas on the CPU: getImageData every 200 ms would otherwise read back from the GPU.
      const context = this.canvas.getContext('2d', { willReadFrequently: true }) as Canvas2d | null;
      if (!context) throw new Error('FrameScaler: the browser gave no 2D canvas context; camera and screen frames cannot be read');
      this.context = context;
    }
    return this.context;
  }
}
