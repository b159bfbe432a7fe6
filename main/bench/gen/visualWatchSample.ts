// Generates one visualwatch sample: a typed "tell me when …" request and a screen or camera clip in which the watched event happens at a known time (or, in controls, never), with distractors.

import * as nodePath from 'node:path';
import { writeScenario, type GeneratedSample } from './generatedSamples';
import { CODE_FONTS, type CodeFontName } from './glyphAtlas';
import { Canvas, type Rgb } from './repetitionVideo';
import { SampleRandom } from './sampleRandom';
import { normalizedWords } from './spokenText';
import { ciBadgeBox, drawScene, type CiScreenScene, type ColourTrack, type FracBox, type RoomScene, type TerminalScene, type WatchScene } from './visualWatchScenes';
import { Y4mWriter } from './y4mWriter';

export const VISUALWATCH_KINDS = ['screen_colour', 'screen_text', 'camera_brightness', 'camera_colour'] as const;
export type VisualwatchKind = (typeof VISUALWATCH_KINDS)[number];

/** The assistant must say it within this long after the event (the suite's hit window). */
export const VISUALWATCH_RESPONSE_WINDOW_MS = 5000;

const GREEN: Rgb = [46, 160, 67];
const RED: Rgb = [207, 34, 46];
const YELLOW: Rgb = [219, 171, 9];
const BLUE: Rgb = [31, 111, 235];
const GREY: Rgb = [110, 118, 129];
const PURPLE: Rgb = [137, 87, 229];
const LED: Record<'red' | 'green' | 'yellow' | 'orange' | 'blue', Rgb> = { red: [230, 40, 35], green: [40, 205, 80], yellow: [235, 200, 40], orange: [240, 130, 20], blue: [50, 110, 240] };

export interface VisualwatchTruth extends Record<string, unknown> {
  kind: VisualwatchKind;
  /** What is on the stream: a CI dashboard, a terminal, a kettle, a lamp, a status light. */
  scene: 'ci' | 'terminal' | 'kettle' | 'lamp' | 'status_light';
  source: 'screen' | 'camera';
  control: boolean;
  request: { atMs: number; text: string };
  /** Capture time of the first frame showing the event; null in controls (it never happens). */
  eventAtMs: number | null;
  /** Where the event happens (fractions of the frame); null in controls. */
  eventBox: FracBox | null;
  /** What the assistant should say, and the words that show it said it. */
  content: { text: string; keywords: string[] };
  /** The distractors in this clip (e.g. `other_badge_turns_yellow@3200`, `lighting_ramp`, `walker`). */
  distractors: string[];
  width: number;
  height: number;
  fps: number;
  frames: number;
  noiseSigma: number;
  durationMs: number;
}

interface VisualwatchSpec {
  truth: VisualwatchTruth;
  scene: WatchScene;
  lighting: { kind: 'steady' } | { kind: 'ramp'; toGain: number } | { kind: 'step'; atMs: number; toGain: number };
}

/** Sample k: kind k mod 4; a control (the event never happens) when k mod 5 = 4. */
export function visualwatchDesign(k: number): { kind: VisualwatchKind; control: boolean } {
  const m = ((k % 20) + 20) % 20;
  return { kind: VISUALWATCH_KINDS[m % 4], control: m % 5 === 4 };
}

export function visualwatchSpec(seed: number, k: number): VisualwatchSpec {
  const rng = new SampleRandom(seed);
  const { kind, control } = visualwatchDesign(k);
  const requestAtMs = Math.round(rng.uniform(500, 2000) / 10) * 10;
  const make = kind === 'screen_colour' ? screenColour : kind === 'screen_text' ? screenText : kind === 'camera_brightness' ? cameraBrightness : cameraColour;
  return make(rng, control, requestAtMs);
}

/** The first frame time at or after t. */
function frameAligned(tMs: number, fps: number): number {
  const frameMs = 1000 / fps;
  return Math.ceil(tMs / frameMs) * frameMs;
}

function timing(rng: SampleRandom, requestAtMs: number, fps: number): { eventMs: number; durationMs: number } {
  const eventMs = frameAligned(requestAtMs + rng.uniform(2000, 8000), fps);
  // Whole seconds: a whole number of frames at every frame rate used, and of 200 ms micro-turns (the engine rounds a run up to one).
  return { eventMs, durationMs: Math.ceil((eventMs + VISUALWATCH_RESPONSE_WINDOW_MS + 1000) / 1000) * 1000 };
}

function content(text: string, keywords: string[]): VisualwatchTruth['content'] {
  return { text, keywords };
}

// ---- screen: a CI badge turns red (or green) ----

function screenColour(rng: SampleRandom, control: boolean, requestAtMs: number): VisualwatchSpec {
  const [width, height] = rng.pick([[480, 270], [560, 350], [640, 360], [800, 450]] as const);
  const fps = rng.pick([2, 4, 5]);
  const { eventMs, durationMs } = timing(rng, requestAtMs, fps);
  const watched = rng.chance(0.65) ? 'red' : 'green';
  const subject = rng.pick(watched === 'red' ? ['build', 'tests', 'pipeline'] : ['build', 'tests', 'deploy']);
  const request = rng.pick(
    watched === 'red'
      ? [`tell me when the ${subject} turns red`, `let me know when the ${subject} goes red`, `alert me when the ${subject} turns red`]
      : [`tell me when the ${subject} turns green`, `let me know when the ${subject} goes green`, `ping me when the ${subject} turns green`],
  );
  const watchedRgb = watched === 'red' ? RED : GREEN;
  const labels = ['lint', 'typecheck', 'docs', 'e2e', 'package'].filter(() => rng.chance(0.6)).slice(0, 4);
  labels.splice(rng.int(0, labels.length), 0, subject);
  const watchedRow = labels.indexOf(subject);
  const distractors: string[] = [];
  const rows = labels.map((label, i): CiScreenScene['rows'][number] => {
    if (i === watchedRow) {
      const initial = rng.pick(watched === 'red' ? [GREEN, YELLOW] : [YELLOW, RED]);
      const badge: ColourTrack = { initial, changes: [] };
      if (!control) badge.changes.push({ atMs: eventMs, colour: watchedRgb });
      else if (rng.chance(0.6)) {
        const other = rng.pick([GREEN, YELLOW, BLUE, GREY].filter((c) => c !== initial && c !== watchedRgb));
        badge.changes.push({ atMs: eventMs, colour: other });
        distractors.push(`watched_badge_turns_${colourName(other)}@${eventMs}`);
      }
      return { label, badge };
    }
    // Other rows: some already show the watched colour (it was there when the user asked), some change to other colours.
    const initial = rng.chance(0.3) ? watchedRgb : rng.pick([GREEN, YELLOW, GREY, BLUE].filter((c) => c !== watchedRgb));
    const badge: ColourTrack = { initial, changes: [] };
    if (initial === watchedRgb) distractors.push(`${colourName(watchedRgb)}_already_there`);
    if (rng.chance(0.5)) {
      const atMs = frameAligned(rng.uniform(requestAtMs + 500, durationMs - 1000), fps);
      const colour = rng.pick([YELLOW, BLUE, GREY, PURPLE].filter((c) => c !== initial && c !== watchedRgb));
      badge.changes.push({ atMs, colour });
      distractors.push(`other_badge_turns_${colourName(colour)}@${atMs}`);
    }
    return { label, badge };
  });
  const dark = rng.chance(0.6);
  // Syntax colours of common themes (a light theme's strings are dark red, a realistic trap for a red watch while the code scrolls).
  const codeColours: Rgb[] = dark ? [[190, 192, 196], [86, 156, 214], [206, 145, 120], [197, 134, 192], [156, 170, 150]] : [[60, 64, 70], [0, 92, 197], [163, 21, 21], [111, 66, 193], [90, 100, 90]];
  const code = Array.from({ length: 60 }, () => ({
    indent: rng.int(0, 3) * 2,
    runs: Array.from({ length: rng.int(0, 5) }, () => ({ cells: rng.int(2, 9), colour: rng.pick(codeColours) })),
  }));
  let scroll: CiScreenScene['scroll'] = null;
  if (rng.chance(0.5)) {
    const fromMs = rng.uniform(requestAtMs, durationMs - 2000);
    scroll = { fromMs, toMs: fromMs + rng.uniform(1000, 4000), linesPerS: rng.uniform(1, 4) };
    distractors.push('scrolling');
  }
  let toast: CiScreenScene['toast'] = null;
  if (rng.chance(0.4)) {
    toast = { atMs: frameAligned(rng.uniform(requestAtMs + 500, durationMs - 1000), fps), colour: rng.pick([BLUE, PURPLE]) };
    distractors.push(`toast_${colourName(toast.colour)}@${toast.atMs}`);
  }
  const scene: CiScreenScene = { type: 'ci', dark, rows, code, scroll, toast };
  const lighting: VisualwatchSpec['lighting'] = rng.chance(0.2) ? { kind: 'ramp', toGain: rng.uniform(0.8, 0.9) } : { kind: 'steady' };
  if (lighting.kind === 'ramp') distractors.push('screen_dims');
  const noiseSigma = rng.pick([0, 0, 1, 2, 3]);
  const label = `The ${subject} turned ${watched}.`;
  return {
    scene,
    lighting,
    truth: {
      kind: 'screen_colour',
      scene: 'ci',
      source: 'screen',
      control,
      request: { atMs: requestAtMs, text: request },
      eventAtMs: control ? null : eventMs,
      eventBox: control ? null : ciBadgeBox(scene, watchedRow),
      content: content(label, [subject, watched]),
      distractors,
      width,
      height,
      fps,
      frames: durationMs / (1000 / fps),
      noiseSigma,
      durationMs,
    },
  };
}

// ---- screen: a line with the watched text appears in a terminal ----

const TEXT_TARGETS: ReadonlyArray<{ text: string; nearMisses: readonly string[] }> = [
  { text: 'Deploy complete', nearMisses: ['Deploy started', 'Deploying to production'] },
  { text: 'All tests passed', nearMisses: ['Running all tests', 'Some tests failed'] },
  { text: 'Build finished', nearMisses: ['Build started', 'Building bundle'] },
  { text: 'Server ready', nearMisses: ['Server starting', 'Server stopped'] },
  { text: 'Backup done', nearMisses: ['Backup started', 'Backup running'] },
];
const LOG_LINES = [
  'Compiling src/app.ts',
  'Compiling src/server/routes.ts',
  'Resolving dependencies',
  'Fetching packages (312)',
  'Linking binaries',
  'Running migrations 4/9',
  'Bundling 148 modules',
  'Writing dist/index.js',
  'Uploading artifacts',
  'Checking types',
  'warning: unused import in utils.ts',
  'Pulling image node:20-slim',
  'Cache hit for step 3',
  'Starting worker 2',
  'GET /health 200 4ms',
  'Generating sourcemaps',
  'Copying static assets',
  'Optimizing images (27)',
];

function screenText(rng: SampleRandom, control: boolean, requestAtMs: number): VisualwatchSpec {
  const [width, height] = rng.pick([[480, 270], [560, 350], [640, 360]] as const);
  const fps = rng.pick([2, 4]);
  const { eventMs, durationMs } = timing(rng, requestAtMs, fps);
  const target = rng.pick(TEXT_TARGETS);
  const request = rng.pick([`tell me when '${target.text}' appears on the screen`, `let me know when "${target.text}" shows up in the terminal`, `tell me when the terminal says "${target.text}"`]);
  const font = rng.pick(Object.keys(CODE_FONTS) as CodeFontName[]);
  const sizePx = rng.pick(width >= 560 ? [13, 14] : [12, 13]);
  const grey: Rgb = [204, 204, 204];
  const lineColour = (): Rgb => rng.pickWeighted([{ item: grey, weight: 6 }, { item: [98, 197, 84] as Rgb, weight: 1 }, { item: [229, 192, 123] as Rgb, weight: 1 }]);
  const lines: TerminalScene['lines'] = [];
  const prompt = `${rng.pick(['dev', 'ci', 'ops'])}@${rng.pick(['build-1', 'laptop', 'runner'])}:~/app$ ${rng.pick(['npm run deploy', 'make all', './ci.sh', 'npm test'])}`;
  lines.push({ atMs: 0, text: prompt, colour: grey });
  for (let i = rng.int(2, 5); i > 0; i--) lines.push({ atMs: 0, text: rng.pick(LOG_LINES), colour: lineColour() });
  const distractors = ['scrolling'];
  // One near miss before the event, and in controls one where the event would have been.
  const nearMissAt = frameAligned(rng.uniform(requestAtMs + 300, eventMs - 600), fps);
  let t = frameAligned(requestAtMs - rng.uniform(0, 400), fps);
  const decorate = (text: string) => `${rng.pick(['', '==> ', '[ok] ', '12:04:31 '])}${text}${rng.pick(['', ' in 42s', '.', ' (3.1s)'])}`;
  let nearMissDone = false;
  let targetDone = false;
  while (t < durationMs - 500) {
    if (!nearMissDone && t >= nearMissAt) {
      lines.push({ atMs: t, text: decorate(rng.pick(target.nearMisses)), colour: grey });
      distractors.push(`near_miss@${t}`);
      nearMissDone = true;
    } else if (!targetDone && t >= eventMs - 1) {
      if (control) {
        lines.push({ atMs: eventMs, text: decorate(rng.pick(target.nearMisses)), colour: grey });
        distractors.push(`near_miss@${eventMs}`);
      } else {
        lines.push({ atMs: eventMs, text: decorate(target.text), colour: rng.pick([grey, [98, 197, 84] as Rgb]) });
      }
      targetDone = true;
      t = eventMs;
    } else if (t > 0) {
      lines.push({ atMs: t, text: rng.pick(LOG_LINES), colour: lineColour() });
    }
    t = frameAligned(t + rng.uniform(700, 1600), fps);
  }
  const scene: TerminalScene = { type: 'terminal', font, sizePx, linePitchPx: Math.round(sizePx * rng.uniform(1.3, 1.5)), background: rng.pick([[24, 24, 27], [0, 43, 54], [40, 42, 54]] as const) as Rgb, lines };
  const noiseSigma = rng.pick([0, 0, 1, 2]);
  return {
    scene,
    lighting: { kind: 'steady' },
    truth: {
      kind: 'screen_text',
      scene: 'terminal',
      source: 'screen',
      control,
      request: { atMs: requestAtMs, text: request },
      eventAtMs: control ? null : eventMs,
      eventBox: null,
      content: content(`"${target.text}" appeared on the screen.`, normalizedWords(target.text)),
      distractors,
      width,
      height,
      fps,
      frames: durationMs / (1000 / fps),
      noiseSigma,
      durationMs,
    },
  };
}

// ---- camera: rooms ----

function room(rng: SampleRandom): Pick<RoomScene, 'wallTop' | 'wallBottom' | 'floor' | 'furniture'> {
  const wall = rng.int(120, 190);
  const tint = rng.int(-12, 12);
  const wallTop: Rgb = [wall + tint, wall, wall - tint];
  const wallBottom: Rgb = [wall * 0.85 + tint, wall * 0.85, wall * 0.85 - tint];
  const floor: Rgb = [rng.int(80, 130), rng.int(70, 110), rng.int(50, 90)];
  const furniture = Array.from({ length: rng.int(2, 4) }, () => ({
    box: { x: rng.uniform(0, 0.85), y: rng.uniform(0.3, 0.7), width: rng.uniform(0.08, 0.25), height: rng.uniform(0.1, 0.3) },
    colour: [rng.int(60, 150), rng.int(55, 140), rng.int(50, 130)] as Rgb,
  }));
  for (const f of furniture) f.box.height = Math.min(f.box.height, 0.8 - f.box.y);
  return { wallTop, wallBottom, floor, furniture };
}

function cameraLighting(rng: SampleRandom, durationMs: number, distractors: string[]): VisualwatchSpec['lighting'] {
  const kind = rng.pick(['steady', 'ramp', 'step'] as const);
  const toGain = rng.chance(0.5) ? rng.uniform(0.75, 0.9) : rng.uniform(1.1, 1.25);
  if (kind === 'steady') return { kind };
  distractors.push(`lighting_${kind}`);
  return kind === 'ramp' ? { kind, toGain } : { kind, atMs: rng.uniform(0.2, 0.9) * durationMs, toGain };
}

function cameraSize(rng: SampleRandom): { width: number; height: number; fps: number } {
  const [width, height] = rng.pick([[192, 144], [256, 192], [320, 240]] as const);
  return { width, height, fps: rng.pick([5, 8, 10]) };
}

function walker(rng: SampleRandom, durationMs: number, distractors: string[]): RoomScene['walker'] {
  if (!rng.chance(0.5)) return null;
  distractors.push('walker');
  const g = rng.int(60, 140);
  return { fromMs: rng.uniform(0, durationMs - 3000), durationMs: rng.uniform(3000, 7000), leftToRight: rng.chance(0.5), colour: [g + rng.int(-20, 20), g, g + rng.int(-20, 20)], heightFrac: rng.uniform(0.5, 0.75) };
}

function cameraBrightness(rng: SampleRandom, control: boolean, requestAtMs: number): VisualwatchSpec {
  const { width, height, fps } = cameraSize(rng);
  const { eventMs, durationMs } = timing(rng, requestAtMs, fps);
  const distractors: string[] = [];
  const kettle = rng.chance(0.5);
  let fixture: RoomScene['fixture'];
  let request: string;
  let said: VisualwatchTruth['content'];
  let box: FracBox;
  if (kettle) {
    box = { x: rng.uniform(0.15, 0.65), y: rng.uniform(0.45, 0.55), width: rng.uniform(0.12, 0.18), height: rng.uniform(0.18, 0.24) };
    const body: Rgb = rng.chance(0.5) ? [rng.int(50, 80), rng.int(50, 80), rng.int(55, 85)] : [rng.int(150, 175), rng.int(150, 175), rng.int(155, 180)];
    fixture = { kind: 'kettle', box, body, light: { onAtMs: control ? null : eventMs, onColour: rng.pick([[255, 80, 40], [120, 200, 255]] as const) as Rgb, offColour: [60, 30, 28] } };
    request = rng.pick(["let me know when the kettle's light goes on", "tell me when the kettle's light comes on", 'watch the camera and tell me when the kettle light goes on']);
    said = content("The kettle's light went on.", ['light', 'on']);
  } else {
    box = { x: rng.uniform(0.1, 0.75), y: rng.uniform(0.2, 0.32), width: rng.uniform(0.1, 0.15), height: rng.uniform(0.1, 0.14) };
    fixture = { kind: 'lamp', box, offAtMs: control ? null : eventMs, onColour: [252, 240, 205], offColour: [150, 140, 118] };
    const phrasing = rng.pick([
      { text: 'tell me when the lamp goes off', said: content('The lamp went off.', ['lamp', 'off']) },
      { text: 'let me know when the lamp is switched off', said: content('The lamp went off.', ['lamp', 'off']) },
      { text: 'tell me when the light goes out', said: content('The light went out.', ['light', 'out']) },
    ]);
    request = phrasing.text;
    said = phrasing.said;
  }
  const durationForLight = durationMs;
  const lighting = cameraLighting(rng, durationForLight, distractors);
  const scene: RoomScene = { type: 'room', ...room(rng), fixture, walker: walker(rng, durationMs, distractors), ball: null };
  // Furniture never covers the fixture.
  scene.furniture = scene.furniture.filter((f) => !overlaps(f.box, { x: box.x - 0.1, y: box.y - 0.15, width: box.width + 0.2, height: box.height + 0.3 }));
  const noiseSigma = rng.pick([0, 2, 4, 6]);
  return {
    scene,
    lighting,
    truth: {
      kind: 'camera_brightness',
      scene: kettle ? 'kettle' : 'lamp',
      source: 'camera',
      control,
      request: { atMs: requestAtMs, text: request },
      eventAtMs: control ? null : eventMs,
      eventBox: control ? null : box,
      content: said,
      distractors,
      width,
      height,
      fps,
      frames: durationMs / (1000 / fps),
      noiseSigma,
      durationMs,
    },
  };
}

function cameraColour(rng: SampleRandom, control: boolean, requestAtMs: number): VisualwatchSpec {
  const { width, height, fps } = cameraSize(rng);
  const { eventMs, durationMs } = timing(rng, requestAtMs, fps);
  const distractors: string[] = [];
  const watched = rng.chance(0.5) ? 'green' : 'red';
  const initial = watched === 'green' ? LED.red : LED.green;
  const lamp: ColourTrack = { initial, changes: [] };
  if (!control) lamp.changes.push({ atMs: eventMs, colour: LED[watched] });
  else if (rng.chance(0.6)) {
    const other = rng.pick(['yellow', 'orange', 'blue'] as const);
    lamp.changes.push({ atMs: eventMs, colour: LED[other] });
    distractors.push(`light_turns_${other}@${eventMs}`);
  }
  const widthFrac = rng.uniform(0.09, 0.13);
  const box: FracBox = { x: rng.uniform(0.15, 0.7), y: rng.uniform(0.2, 0.45), width: widthFrac, height: (widthFrac * width) / height };
  const request = rng.pick([`watch the camera and tell me when the light turns ${watched}`, `let me know when the status light turns ${watched}`, `tell me when the light goes ${watched}`]);
  const lighting = cameraLighting(rng, durationMs, distractors);
  let ball: RoomScene['ball'] = null;
  if (rng.chance(0.6)) {
    const colour = rng.pick([LED.blue, [150, 80, 200] as Rgb, LED.yellow]);
    distractors.push(`ball_${colour === LED.blue ? 'blue' : colour === LED.yellow ? 'yellow' : 'purple'}`);
    const frames = durationMs / (1000 / fps);
    let x = rng.uniform(0.15, 0.85);
    let y = rng.uniform(0.2, 0.7);
    let vx = 0;
    let vy = 0;
    const path = Array.from({ length: frames }, () => {
      vx = 0.9 * vx + rng.normal() * (0.02 / fps) * 5;
      vy = 0.9 * vy + rng.normal() * (0.02 / fps) * 5;
      x = Math.max(0.08, Math.min(0.92, x + vx));
      y = Math.max(0.1, Math.min(0.75, y + vy));
      if (x <= 0.08 || x >= 0.92) vx = -vx;
      if (y <= 0.1 || y >= 0.75) vy = -vy;
      return { x: Math.round(x * 1e4) / 1e4, y: Math.round(y * 1e4) / 1e4 };
    });
    ball = { colour, radiusFrac: rng.uniform(0.05, 0.08), path };
  }
  const scene: RoomScene = { type: 'room', ...room(rng), fixture: { kind: 'status_light', box, lamp }, walker: walker(rng, durationMs, distractors), ball };
  scene.furniture = scene.furniture.filter((f) => !overlaps(f.box, box));
  const noiseSigma = rng.pick([0, 2, 4, 6]);
  return {
    scene,
    lighting,
    truth: {
      kind: 'camera_colour',
      scene: 'status_light',
      source: 'camera',
      control,
      request: { atMs: requestAtMs, text: request },
      eventAtMs: control ? null : eventMs,
      eventBox: control ? null : box,
      content: content(`The light turned ${watched}.`, ['light', watched]),
      distractors,
      width,
      height,
      fps,
      frames: durationMs / (1000 / fps),
      noiseSigma,
      durationMs,
    },
  };
}

function overlaps(a: FracBox, b: FracBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function colourName(c: Rgb): string {
  return c === GREEN ? 'green' : c === RED ? 'red' : c === YELLOW ? 'yellow' : c === BLUE ? 'blue' : c === PURPLE ? 'purple' : 'grey';
}

function lightingGain(lighting: VisualwatchSpec['lighting'], tMs: number, durationMs: number): number {
  if (lighting.kind === 'steady') return 1;
  if (lighting.kind === 'ramp') return 1 + (lighting.toGain - 1) * (tMs / durationMs);
  return tMs < lighting.atMs ? 1 : lighting.toGain;
}

/** Draws every frame of the clip into a y4m file. */
export function renderVisualwatchClip(spec: VisualwatchSpec, y4mPath: string, rng: SampleRandom): number {
  const { width, height, fps, frames, durationMs, noiseSigma } = spec.truth;
  const canvas = new Canvas(width, height);
  const writer = new Y4mWriter(y4mPath, width, height, fps);
  try {
    for (let f = 0; f < frames; f++) {
      const tMs = (f * 1000) / fps;
      drawScene(canvas, spec.scene, tMs, f);
      writer.write(canvas.finish(lightingGain(spec.lighting, tMs, durationMs), noiseSigma, rng));
    }
  } finally {
    writer.close();
  }
  return frames;
}

export async function makeVisualwatchSample(seed: number, k: number, dir: string): Promise<GeneratedSample> {
  const spec = visualwatchSpec(seed, k);
  const truth = spec.truth;
  const file = `${truth.source}.y4m`;
  renderVisualwatchClip(spec, nodePath.join(dir, file), new SampleRandom(seed).fork('noise'));
  const scenario = writeScenario(dir, 'visualwatch.scenario.json', {
    version: 1,
    name: `visualwatch-${seed}`,
    description: `visualwatch: ${truth.kind} (${truth.scene}), ${truth.control ? 'control: the event never happens' : `event at ${truth.eventAtMs} ms`}; ${truth.width}×${truth.height} at ${truth.fps} fps; distractors: ${truth.distractors.join(', ') || 'none'}. Generated from seed ${seed}.`,
    durationMs: truth.durationMs,
    [truth.source]: { file, atMs: 0 },
    text: [truth.request],
  });
  return { task: 'visualwatch', scenario, truth };
}
