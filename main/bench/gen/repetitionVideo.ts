// Generates one repcount sample: an exercise-like clip (a figure repeating a movement with speed changes, pauses, jitter, noise, lighting changes and distractors) with its exact count and repetition end times.

import * as nodePath from 'node:path';
import { MICRO_TURN_MS } from '../../../common/microturn';
import { writeScenario, type GeneratedSample } from './generatedSamples';
import { SampleRandom } from './sampleRandom';
import { Y4mWriter } from './y4mWriter';

export const MOTION_KINDS = ['squat', 'jumping_jack', 'curl', 'push_up', 'generic'] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

const COUNT_TEXTS: Record<MotionKind, readonly string[]> = {
  squat: ['count my squats', 'can you count my squats'],
  jumping_jack: ['count my jumping jacks', 'count the jumping jacks'],
  curl: ['count my curls', 'count my bicep curls'],
  push_up: ['count my push-ups', 'count my pushups please'],
  generic: ['count my reps', 'count the repetitions'],
};

export type Rgb = readonly [number, number, number];

/** Saturated colours; the figure takes one, a distractor another, the background is kept grey-ish. */
export const FIGURE_COLOURS: readonly Rgb[] = [
  [230, 120, 30],
  [40, 110, 230],
  [210, 50, 50],
  [40, 180, 70],
  [200, 60, 200],
];

/** Everything that decides a clip; drawn from the seed by `repetitionSpec`, rendered by `renderRepetitionClip`. */
export interface RepetitionSpec {
  motion: MotionKind;
  countText: string;
  width: number;
  height: number;
  fps: number;
  /** Repetition i runs from repStartMs[i] to repEndMs[i] (period = end − start). */
  repStartMs: number[];
  repEndMs: number[];
  /** Rests between repetitions (the figure holds the rest pose, with small random jitter). */
  pauses: Array<{ fromMs: number; toMs: number }>;
  durationMs: number;
  /** Per-repetition amplitude (fraction of the full movement) and the down/up asymmetry of the movement. */
  amplitudes: number[];
  asymmetry: number;
  speedProfile: 'constant' | 'ramp' | 'step';
  figureColour: Rgb;
  background: { top: Rgb; bottom: Rgb; furniture: Array<{ x: number; y: number; w: number; h: number; colour: Rgb }> };
  /** Where the figure stands (fraction of the width) and its scale (1 = the reference size for the frame height). */
  placeX: number;
  scale: number;
  /** Standard deviation of per-pixel noise, in 8-bit levels. */
  noiseSigma: number;
  lighting: { kind: 'steady' } | { kind: 'ramp'; toGain: number } | { kind: 'step'; atMs: number; toGain: number };
  distractor: { kind: 'none' } | { kind: 'walker' | 'wanderer'; colour: Rgb; radius: number };
  /** The whole picture shakes by up to 1 px (a hand-held or wobbly camera). */
  cameraShake: boolean;
}

export interface RepcountTruth extends Record<string, unknown> {
  motion: MotionKind;
  countText: string;
  count: number;
  repStartMs: number[];
  repEndMs: number[];
  pauses: Array<{ fromMs: number; toMs: number }>;
  fps: number;
  width: number;
  height: number;
  frames: number;
  durationMs: number;
  noiseSigma: number;
  lighting: RepetitionSpec['lighting']['kind'];
  distractor: RepetitionSpec['distractor']['kind'];
  speedProfile: RepetitionSpec['speedProfile'];
  cameraShake: boolean;
  figureColour: Rgb;
}

const MIN_PERIOD_S = 0.5;
const MAX_PERIOD_S = 4;
/** A repetition spans at least this many frames, so the movement is visible at the clip's frame rate. */
const MIN_FRAMES_PER_REP = 5;
const MAX_CLIP_S = 50;

/** The clip of seed `seed`: motion kind k mod 5, everything else from the seed. */
export function repetitionSpec(seed: number, k: number): RepetitionSpec {
  const rng = new SampleRandom(seed);
  const motion = MOTION_KINDS[((k % MOTION_KINDS.length) + MOTION_KINDS.length) % MOTION_KINDS.length];
  const width = rng.pick([96, 128, 160]);
  const height = (width * 3) / 4;

  // Periods: log-uniform base period, then a speed profile, then ±8 % per-repetition jitter.
  const basePeriodS = Math.exp(rng.uniform(Math.log(MIN_PERIOD_S), Math.log(MAX_PERIOD_S)));
  const speedProfile = rng.pick(['constant', 'ramp', 'step'] as const);
  const otherPeriodS = clampPeriod(basePeriodS * rng.uniform(0.6, 1.6));
  const idleStartS = rng.uniform(0.5, 2);
  const idleEndS = rng.uniform(1, 2.5);
  const budgetS = MAX_CLIP_S - idleStartS - idleEndS - 3;
  const meanPeriodS = speedProfile === 'constant' ? basePeriodS : (basePeriodS + otherPeriodS) / 2;
  const count = Math.max(3, Math.min(rng.int(3, 20), Math.floor(budgetS / meanPeriodS)));
  const stepAt = rng.int(1, count - 1);
  const periodsS = Array.from({ length: count }, (_, i) => {
    const nominal = speedProfile === 'constant' ? basePeriodS : speedProfile === 'ramp' ? basePeriodS + ((otherPeriodS - basePeriodS) * i) / Math.max(1, count - 1) : i < stepAt ? basePeriodS : otherPeriodS;
    return clampPeriod(nominal * rng.uniform(0.92, 1.08));
  });
  const minPeriodS = Math.min(...periodsS);
  const fps = rng.pick([5, 6, 8, 10].filter((f) => f * minPeriodS >= MIN_FRAMES_PER_REP).concat(10));

  // Rests between repetitions (never before the first or after the last).
  const pauseAfter = new Map<number, number>();
  if (count >= 4 && rng.chance(0.4)) {
    const pauses = rng.int(1, 2);
    for (let p = 0; p < pauses; p++) pauseAfter.set(rng.int(0, count - 2), rng.uniform(1, 3));
  }
  const repStartMs: number[] = [];
  const repEndMs: number[] = [];
  const pauses: RepetitionSpec['pauses'] = [];
  let t = idleStartS * 1000;
  for (let i = 0; i < count; i++) {
    repStartMs.push(round1(t));
    t += periodsS[i] * 1000;
    repEndMs.push(round1(t));
    const rest = pauseAfter.get(i);
    if (rest !== undefined) {
      pauses.push({ fromMs: round1(t), toMs: round1(t + rest * 1000) });
      t += rest * 1000;
    }
  }
  const durationMs = Math.ceil((t + idleEndS * 1000) / MICRO_TURN_MS) * MICRO_TURN_MS;

  const figureColour = rng.pick(FIGURE_COLOURS);
  const grey = (base: number): Rgb => {
    const tint = rng.int(-12, 12);
    return [clampByte(base + tint), clampByte(base + rng.int(-8, 8)), clampByte(base - tint)];
  };
  const dark = rng.chance(0.5);
  const background = {
    top: grey(dark ? rng.int(40, 80) : rng.int(170, 215)),
    bottom: grey(dark ? rng.int(70, 110) : rng.int(130, 175)),
    furniture: Array.from({ length: rng.int(1, 4) }, () => ({
      x: rng.uniform(0, 0.9),
      y: rng.uniform(0.1, 0.75),
      w: rng.uniform(0.06, 0.25),
      h: rng.uniform(0.08, 0.3),
      colour: grey(rng.int(60, 190)),
    })),
  };
  const lightingKind = rng.pick(['steady', 'ramp', 'step'] as const);
  const toGain = rng.chance(0.5) ? rng.uniform(0.7, 0.88) : rng.uniform(1.12, 1.3);
  const lighting: RepetitionSpec['lighting'] =
    lightingKind === 'steady' ? { kind: 'steady' } : lightingKind === 'ramp' ? { kind: 'ramp', toGain } : { kind: 'step', atMs: rng.uniform(0.2, 0.8) * durationMs, toGain };
  const distractorKind = rng.pick(['none', 'walker', 'wanderer'] as const);
  const distractor: RepetitionSpec['distractor'] =
    distractorKind === 'none' ? { kind: 'none' } : { kind: distractorKind, colour: rng.pick(FIGURE_COLOURS.filter((c) => c !== figureColour)), radius: rng.uniform(0.05, 0.09) };

  return {
    motion,
    countText: rng.pick(COUNT_TEXTS[motion]),
    width,
    height,
    fps,
    repStartMs,
    repEndMs,
    pauses,
    durationMs,
    amplitudes: periodsS.map(() => rng.uniform(0.75, 1.05)),
    asymmetry: rng.uniform(-0.3, 0.3),
    speedProfile,
    figureColour,
    background,
    placeX: rng.uniform(0.35, 0.65),
    scale: rng.uniform(0.75, 1),
    noiseSigma: rng.pick([0, 2, 4, 6, 8]),
    lighting,
    distractor,
    cameraShake: rng.chance(0.3),
  };
}

/**
 * The pose at time t: 0 at rest, rising to the repetition's amplitude half-way through it and back
 * to 0 at its end (a raised cosine, warped by the asymmetry so going down and coming up take
 * different times). Between repetitions and during rests the pose is 0.
 */
export function poseAt(spec: RepetitionSpec, tMs: number): number {
  for (let i = 0; i < spec.repStartMs.length; i++) {
    const start = spec.repStartMs[i];
    const end = spec.repEndMs[i];
    if (tMs < start || tMs >= end) continue;
    const u = (tMs - start) / (end - start);
    const warped = u - (spec.asymmetry * Math.sin(2 * Math.PI * u)) / (2 * Math.PI);
    return spec.amplitudes[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * warped));
  }
  return 0;
}

/** Draws and writes every frame of the clip; `rng` drives only the per-frame randomness (noise, jitter, distractor path). */
export function renderRepetitionClip(spec: RepetitionSpec, y4mPath: string, rng: SampleRandom): number {
  const frames = Math.ceil((spec.durationMs * spec.fps) / 1000);
  const canvas = new Canvas(spec.width, spec.height);
  const writer = new Y4mWriter(y4mPath, spec.width, spec.height, spec.fps);
  const path = distractorPath(spec, frames, rng.fork('distractor'));
  const jitterRng = rng.fork('jitter');
  const noiseRng = rng.fork('noise');
  try {
    for (let f = 0; f < frames; f++) {
      const tMs = (f * 1000) / spec.fps;
      const shakeX = spec.cameraShake ? jitterRng.int(-1, 1) : 0;
      const shakeY = spec.cameraShake ? jitterRng.int(-1, 1) : 0;
      // The person is never perfectly still: ±0.4 px of sway on top of the movement.
      const swayX = jitterRng.uniform(-0.4, 0.4);
      const swayY = jitterRng.uniform(-0.4, 0.4);
      drawBackground(canvas, spec, shakeX, shakeY);
      if (path) canvas.circle(path[f].x + shakeX, path[f].y + shakeY, path[f].r, spec.distractor.kind === 'none' ? [0, 0, 0] : spec.distractor.colour);
      drawFigure(canvas, spec, poseAt(spec, tMs), shakeX + swayX, shakeY + swayY);
      writer.write(canvas.finish(lightingGain(spec, tMs), spec.noiseSigma, noiseRng));
    }
  } finally {
    writer.close();
  }
  return frames;
}

export async function makeRepcountSample(seed: number, k: number, dir: string): Promise<GeneratedSample> {
  const spec = repetitionSpec(seed, k);
  const frames = renderRepetitionClip(spec, nodePath.join(dir, 'camera.y4m'), new SampleRandom(seed).fork('render'));
  const scenario = writeScenario(dir, 'repcount.scenario.json', {
    version: 1,
    name: `repcount-${seed}`,
    description: `repcount: ${spec.motion}, ${spec.repEndMs.length} repetitions (${spec.speedProfile} speed, ${spec.pauses.length} rests), ${spec.width}×${spec.height} at ${spec.fps} fps. Generated from seed ${seed}.`,
    durationMs: spec.durationMs,
    camera: { file: 'camera.y4m', atMs: 0 },
    text: [{ atMs: 0, text: spec.countText }],
  });
  const truth: RepcountTruth = {
    motion: spec.motion,
    countText: spec.countText,
    count: spec.repEndMs.length,
    repStartMs: spec.repStartMs,
    repEndMs: spec.repEndMs,
    pauses: spec.pauses,
    fps: spec.fps,
    width: spec.width,
    height: spec.height,
    frames,
    durationMs: spec.durationMs,
    noiseSigma: spec.noiseSigma,
    lighting: spec.lighting.kind,
    distractor: spec.distractor.kind,
    speedProfile: spec.speedProfile,
    cameraShake: spec.cameraShake,
    figureColour: spec.figureColour,
  };
  return { task: 'repcount', scenario, truth };
}

// ---------------------------------------------------------------------------------------------
// Drawing

/** A float RGB canvas with anti-aliased circles and capsules (coverage from the distance to the shape's edge). */
export class Canvas {
  readonly pixels: Float32Array;
  private readonly out: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Float32Array(width * height * 3);
    this.out = new Uint8Array(width * height * 3);
  }

  fill(x0: number, y0: number, x1: number, y1: number, colour: (x: number, y: number) => Rgb): void {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x1)); x++) {
        const c = colour(x, y);
        const p = (y * this.width + x) * 3;
        this.pixels[p] = c[0];
        this.pixels[p + 1] = c[1];
        this.pixels[p + 2] = c[2];
      }
    }
  }

  circle(cx: number, cy: number, r: number, colour: Rgb): void {
    this.capsule(cx, cy, cx, cy, r, colour);
  }

  /** All points within r of the segment (x0, y0)–(x1, y1). */
  capsule(x0: number, y0: number, x1: number, y1: number, r: number, colour: Rgb): void {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const lengthSq = dx * dx + dy * dy;
    const minX = Math.max(0, Math.floor(Math.min(x0, x1) - r - 1));
    const maxX = Math.min(this.width - 1, Math.ceil(Math.max(x0, x1) + r + 1));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1) - r - 1));
    const maxY = Math.min(this.height - 1, Math.ceil(Math.max(y0, y1) + r + 1));
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        // Pixel centres are at +0.5.
        const px = x + 0.5 - x0;
        const py = y + 0.5 - y0;
        const along = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSq));
        const ex = px - along * dx;
        const ey = py - along * dy;
        const coverage = Math.max(0, Math.min(1, r - Math.sqrt(ex * ex + ey * ey) + 0.5));
        if (coverage <= 0) continue;
        const p = (y * this.width + x) * 3;
        for (let c = 0; c < 3; c++) this.pixels[p + c] += (colour[c] - this.pixels[p + c]) * coverage;
      }
    }
  }

  /** Applies the lighting gain and the noise and returns 8-bit RGB (the buffer is reused by the next frame). */
  finish(gain: number, noiseSigma: number, rng: SampleRandom): Uint8Array {
    // Triangular noise (sum of two uniforms) has the variance of a Gaussian of the same sigma at a fraction of the cost.
    const spread = noiseSigma * Math.sqrt(6);
    for (let i = 0; i < this.pixels.length; i++) {
      const noise = noiseSigma === 0 ? 0 : (rng.next() + rng.next() - 1) * spread;
      this.out[i] = clampByte(this.pixels[i] * gain + noise);
    }
    return this.out;
  }
}

function drawBackground(canvas: Canvas, spec: RepetitionSpec, shakeX: number, shakeY: number): void {
  const { top, bottom, furniture } = spec.background;
  const h = spec.height;
  const w = spec.width;
  canvas.fill(0, 0, w, h, (_x, y) => {
    const a = y / (h - 1);
    return [top[0] + (bottom[0] - top[0]) * a, top[1] + (bottom[1] - top[1]) * a, top[2] + (bottom[2] - top[2]) * a];
  });
  // The floor: a darker band along the bottom.
  const floorY = Math.round(h * 0.88) + shakeY;
  canvas.fill(0, floorY, w, h, () => [bottom[0] * 0.8, bottom[1] * 0.8, bottom[2] * 0.8]);
  for (const item of furniture) {
    canvas.fill(item.x * w + shakeX, item.y * h + shakeY, (item.x + item.w) * w + shakeX, (item.y + item.h) * h + shakeY, () => item.colour);
  }
}

/**
 * The figure in pose p (0 = rest, 1 = the far end of the movement). Sizes are fractions of the frame
 * height H, so the same figure fills the same share of a 96-, 128- or 160-pixel frame.
 */
function drawFigure(canvas: Canvas, spec: RepetitionSpec, p: number, offsetX: number, offsetY: number): void {
  const H = spec.height * spec.scale;
  const colour = spec.figureColour;
  const groundY = spec.height * 0.88 + offsetY;
  const cx = spec.width * spec.placeX + offsetX;
  const limb = H * 0.035;
  const lerp = (a: number, b: number) => a + (b - a) * p;
  switch (spec.motion) {
    case 'squat': {
      // Feet stay put; the hips drop and move back, the knees go forward, the arms come up to the front.
      const hipY = groundY - lerp(H * 0.42, H * 0.24);
      const hipX = cx - lerp(0, H * 0.08);
      const kneeX = cx + lerp(H * 0.01, H * 0.1);
      const kneeY = groundY - lerp(H * 0.21, H * 0.2);
      const neckY = hipY - H * 0.26;
      const neckX = hipX + lerp(0, H * 0.06);
      canvas.capsule(cx, groundY - limb, kneeX, kneeY, limb, colour);
      canvas.capsule(kneeX, kneeY, hipX, hipY, limb * 1.2, colour);
      canvas.capsule(hipX, hipY, neckX, neckY, limb * 1.8, colour);
      canvas.circle(neckX, neckY - H * 0.07, H * 0.06, colour);
      const handX = neckX + lerp(H * 0.03, H * 0.22);
      const handY = neckY + lerp(H * 0.22, H * 0.03);
      canvas.capsule(neckX, neckY + H * 0.02, handX, handY, limb * 0.9, colour);
      break;
    }
    case 'jumping_jack': {
      // Facing the camera: arms swing from the sides to above the head, the legs open.
      const hipY = groundY - H * 0.4 - p * H * 0.03;
      const neckY = hipY - H * 0.27;
      const spread = lerp(H * 0.05, H * 0.2);
      canvas.capsule(cx - spread, groundY - limb, cx, hipY, limb, colour);
      canvas.capsule(cx + spread, groundY - limb, cx, hipY, limb, colour);
      canvas.capsule(cx, hipY, cx, neckY, limb * 1.8, colour);
      canvas.circle(cx, neckY - H * 0.07, H * 0.06, colour);
      const angle = lerp(0.25, 2.8); // from the hanging arm, radians
      const armLength = H * 0.28;
      for (const side of [-1, 1]) {
        canvas.capsule(cx, neckY + H * 0.02, cx + side * Math.sin(angle) * armLength, neckY + H * 0.02 + Math.cos(angle) * armLength, limb * 0.9, colour);
      }
      break;
    }
    case 'curl': {
      // Facing the camera, both elbows out to the sides; the forearms turn about the elbows and lift dumbbells to shoulder height.
      const hipY = groundY - H * 0.42;
      const neckY = hipY - H * 0.27;
      canvas.capsule(cx, groundY - limb, cx, hipY, limb * 1.2, colour);
      canvas.capsule(cx, hipY, cx, neckY, limb * 1.8, colour);
      canvas.circle(cx, neckY - H * 0.07, H * 0.06, colour);
      const angle = lerp(0.15, 2.7);
      for (const side of [-1, 1]) {
        const elbowX = cx + side * H * 0.13;
        const elbowY = neckY + H * 0.17;
        canvas.capsule(cx + side * H * 0.04, neckY + H * 0.02, elbowX, elbowY, limb * 1.2, colour);
        const handX = elbowX + side * Math.sin(angle) * H * 0.24;
        const handY = elbowY + Math.cos(angle) * H * 0.24;
        canvas.capsule(elbowX, elbowY, handX, handY, limb * 1.5, colour);
        // The dumbbell: a dark weight held just beyond the hand.
        canvas.circle(elbowX + side * Math.sin(angle) * H * 0.29, elbowY + Math.cos(angle) * H * 0.29, limb * 1.5, [60, 60, 60]);
      }
      break;
    }
    case 'push_up': {
      // Side view on the floor: feet fixed, the body pivots down towards the floor and back up.
      const feetX = cx + H * 0.3;
      const footY = groundY - limb;
      const shoulderX = cx - H * 0.2;
      const shoulderY = groundY - lerp(H * 0.22, H * 0.07);
      canvas.capsule(feetX, footY, shoulderX, shoulderY, limb * 1.6, colour);
      canvas.circle(shoulderX - H * 0.07, shoulderY - H * 0.02, H * 0.055, colour);
      canvas.capsule(shoulderX, shoulderY, shoulderX - H * 0.01, groundY - limb, limb * 0.9, colour);
      break;
    }
    case 'generic': {
      // Something that moves back and forth along an arc and grows a little (a kettlebell swing, a rowing handle…).
      const angle = lerp(-0.6, 0.7);
      const radius = H * 0.35;
      const pivotY = groundY - H * 0.65;
      canvas.circle(cx + Math.sin(angle) * radius, pivotY + Math.cos(angle) * radius, H * lerp(0.07, 0.085), colour);
      break;
    }
  }
}

/** A distractor's position per frame: a walker crosses the frame once at constant speed; a wanderer drifts randomly. */
function distractorPath(spec: RepetitionSpec, frames: number, rng: SampleRandom): Array<{ x: number; y: number; r: number }> | null {
  if (spec.distractor.kind === 'none') return null;
  const r = spec.distractor.radius * spec.height;
  const w = spec.width;
  const h = spec.height;
  if (spec.distractor.kind === 'walker') {
    const leftToRight = rng.chance(0.5);
    const startFrame = rng.int(0, Math.max(0, frames - 1));
    const crossingFrames = Math.max(10, Math.round(rng.uniform(3, 8) * spec.fps));
    const y = rng.uniform(0.2, 0.7) * h;
    return Array.from({ length: frames }, (_, f) => {
      const a = (f - startFrame) / crossingFrames;
      const x = a < 0 || a > 1 ? -10 * r : leftToRight ? -r + a * (w + 2 * r) : w + r - a * (w + 2 * r);
      return { x, y, r };
    });
  }
  // Wanderer: a velocity that changes a little every frame (momentum), bouncing off the frame's edges.
  let x = rng.uniform(0.1, 0.9) * w;
  let y = rng.uniform(0.15, 0.6) * h;
  let vx = 0;
  let vy = 0;
  const step = (h * 0.02 * 5) / spec.fps;
  return Array.from({ length: frames }, () => {
    vx = 0.9 * vx + rng.normal() * step * 0.4;
    vy = 0.9 * vy + rng.normal() * step * 0.4;
    x += vx;
    y += vy;
    if (x < r || x > w - r) vx = -vx;
    if (y < r || y > h * 0.8) vy = -vy;
    x = Math.max(r, Math.min(w - r, x));
    y = Math.max(r, Math.min(h * 0.8, y));
    return { x, y, r };
  });
}

function lightingGain(spec: RepetitionSpec, tMs: number): number {
  const light = spec.lighting;
  if (light.kind === 'steady') return 1;
  if (light.kind === 'ramp') return 1 + (light.toGain - 1) * (tMs / spec.durationMs);
  return tMs < light.atMs ? 1 : light.toGain;
}

function clampPeriod(seconds: number): number {
  return Math.max(MIN_PERIOD_S, Math.min(MAX_PERIOD_S, seconds));
}

function clampByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}
