// Draws the visualwatch suite's frames: a CI dashboard beside an editor, a terminal printing log lines, a room with a kettle or a lamp, a status light — each at a time t, with its distractors.

import type { Rgb } from './repetitionVideo';
import { Canvas } from './repetitionVideo';
import { glyphAtlas, type CodeFontName } from './glyphAtlas';

/** Something that changes colour at a time (a CI badge, a status light). */
export interface ColourTrack {
  initial: Rgb;
  changes: Array<{ atMs: number; colour: Rgb }>;
}

export function colourAt(track: ColourTrack, tMs: number): Rgb {
  let colour = track.initial;
  for (const change of track.changes) if (tMs >= change.atMs) colour = change.colour;
  return colour;
}

/** A box in fractions of the frame. */
export interface FracBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

// ---- screen: CI dashboard + editor ----

export interface CiScreenScene {
  type: 'ci';
  dark: boolean;
  /** Pipeline rows of the dashboard, top to bottom; each has a label and a badge whose colour may change. */
  rows: Array<{ label: string; badge: ColourTrack }>;
  /** The editor's code lines: indentation and coloured runs (in character cells). */
  code: Array<{ indent: number; runs: Array<{ cells: number; colour: Rgb }> }>;
  /** The editor scrolls by this many lines per second between fromMs and toMs (a distractor). */
  scroll: { fromMs: number; toMs: number; linesPerS: number } | null;
  /** A notification toast slides in at atMs and stays (a distractor in a colour no watch asks for). */
  toast: { atMs: number; colour: Rgb } | null;
}

// ---- screen: terminal ----

export interface TerminalScene {
  type: 'terminal';
  font: CodeFontName;
  sizePx: number;
  linePitchPx: number;
  background: Rgb;
  /** Lines printed at their times; the view shows the newest ones (it scrolls as lines arrive). */
  lines: Array<{ atMs: number; text: string; colour: Rgb }>;
}

// ---- camera: room with a kettle or a lamp, or a status light ----

export interface RoomScene {
  type: 'room';
  wallTop: Rgb;
  wallBottom: Rgb;
  floor: Rgb;
  furniture: Array<{ box: FracBox; colour: Rgb }>;
  /** The thing whose light is watched. A kettle: a body with a small indicator light. A lamp: a shade that glows. A status light: a box with a coloured lamp. */
  fixture:
    | { kind: 'kettle'; box: FracBox; body: Rgb; light: { onAtMs: number | null; onColour: Rgb; offColour: Rgb } }
    | { kind: 'lamp'; box: FracBox; offAtMs: number | null; onColour: Rgb; offColour: Rgb }
    | { kind: 'status_light'; box: FracBox; lamp: ColourTrack };
  /** Someone walking across the room once (a moving object of ordinary brightness). */
  walker: { fromMs: number; durationMs: number; leftToRight: boolean; colour: Rgb; heightFrac: number } | null;
  /** A ball that drifts around (another colour, never the watched one). */
  ball: { colour: Rgb; radiusFrac: number; path: Array<{ x: number; y: number }> } | null;
}

export type WatchScene = CiScreenScene | TerminalScene | RoomScene;

/** Draws the scene at time t (before lighting and noise, which the caller applies with Canvas.finish). */
export function drawScene(canvas: Canvas, scene: WatchScene, tMs: number, frame: number): void {
  if (scene.type === 'ci') drawCi(canvas, scene, tMs);
  else if (scene.type === 'terminal') drawTerminal(canvas, scene, tMs);
  else drawRoom(canvas, scene, tMs, frame);
}

/** Where the CI dashboard's badge of row i is (fractions of the frame). */
export function ciBadgeBox(scene: CiScreenScene, row: number): FracBox {
  const top = 0.16 + row * 0.12;
  return { x: 0.84, y: top, width: 0.13, height: 0.06 };
}

function drawCi(canvas: Canvas, scene: CiScreenScene, tMs: number): void {
  const W = canvas.width;
  const H = canvas.height;
  const bg: Rgb = scene.dark ? [30, 31, 34] : [246, 247, 249];
  const panel: Rgb = scene.dark ? [43, 45, 49] : [232, 234, 238];
  const ink: Rgb = scene.dark ? [200, 203, 208] : [50, 54, 60];
  const faint: Rgb = scene.dark ? [90, 94, 100] : [170, 174, 180];
  canvas.fill(0, 0, W, H, () => bg);
  // Title bar and sidebar of the editor.
  canvas.fill(0, 0, W, H * 0.06, () => panel);
  canvas.fill(0, H * 0.06, W * 0.16, H, () => panel);
  for (let i = 0; i < 9; i++) canvas.fill(W * 0.02, H * (0.1 + i * 0.08), W * (0.08 + ((i * 37) % 5) * 0.012), H * (0.1 + i * 0.08) + 2, () => faint);
  // The editor: code lines as runs of colour, one character cell ≈ 0.6 × the line pitch.
  const pitch = Math.max(6, Math.round(H * 0.035));
  const cell = Math.max(2, Math.round(pitch * 0.5));
  const x0 = W * 0.2;
  const x1 = W * 0.68;
  const y0 = H * 0.09;
  const scrolled = scene.scroll ? Math.max(0, Math.min(tMs, scene.scroll.toMs) - scene.scroll.fromMs) * scene.scroll.linesPerS / 1000 : 0;
  const firstLine = Math.floor(scrolled);
  const offsetPx = Math.round((scrolled - firstLine) * pitch);
  for (let i = 0; y0 + i * pitch - offsetPx < H - pitch; i++) {
    const line = scene.code[(firstLine + i) % scene.code.length];
    const y = y0 + i * pitch - offsetPx;
    if (y < y0 - 1) continue;
    let x = x0 + line.indent * cell;
    for (const run of line.runs) {
      const w = run.cells * cell;
      if (x + w > x1) break;
      canvas.fill(x, y + Math.round(pitch * 0.3), x + w, y + Math.round(pitch * 0.3) + Math.max(2, Math.round(pitch * 0.4)), () => run.colour);
      x += w + cell;
    }
  }
  // The CI dashboard: a panel with a row per pipeline step, its name and a status badge.
  canvas.fill(W * 0.7, H * 0.06, W, H, () => panel);
  const atlas = glyphAtlas('DejaVu Sans Mono', Math.max(9, Math.round(H * 0.035)));
  scene.rows.forEach((row, i) => {
    const box = ciBadgeBox(scene, i);
    const textTop = Math.round((box.y + box.height / 2) * H - atlas.cellHeightPx / 2);
    drawText(canvas, atlas, row.label, Math.round(W * 0.72), textTop, ink);
    const colour = colourAt(row.badge, tMs);
    canvas.fill(box.x * W, box.y * H, (box.x + box.width) * W, (box.y + box.height) * H, () => colour);
  });
  if (scene.toast && tMs >= scene.toast.atMs) {
    // Slides in over 400 ms from the right edge.
    const slide = Math.min(1, (tMs - scene.toast.atMs) / 400);
    const w = W * 0.26;
    const left = W - 8 - w * slide;
    const colour = scene.toast.colour;
    canvas.fill(left, H * 0.8, left + w, H * 0.93, () => colour);
    canvas.fill(left + 6, H * 0.84, left + w * 0.7, H * 0.84 + 2, () => [240, 240, 240]);
    canvas.fill(left + 6, H * 0.88, left + w * 0.5, H * 0.88 + 2, () => [240, 240, 240]);
  }
}

function drawTerminal(canvas: Canvas, scene: TerminalScene, tMs: number): void {
  const W = canvas.width;
  const H = canvas.height;
  canvas.fill(0, 0, W, H, () => scene.background);
  // Title bar with its three window buttons.
  const barH = Math.round(H * 0.08);
  canvas.fill(0, 0, W, barH, () => [60, 62, 66]);
  canvas.circle(barH * 0.6, barH / 2, barH * 0.18, [236, 106, 94]);
  canvas.circle(barH * 1.1, barH / 2, barH * 0.18, [244, 190, 80]);
  canvas.circle(barH * 1.6, barH / 2, barH * 0.18, [98, 197, 84]);
  const atlas = glyphAtlas(scene.font, scene.sizePx);
  const top = barH + Math.round(scene.linePitchPx * 0.5);
  const rowsVisible = Math.floor((H - top - 4) / scene.linePitchPx);
  const printed = scene.lines.filter((l) => l.atMs <= tMs);
  const shown = printed.slice(Math.max(0, printed.length - rowsVisible));
  shown.forEach((line, i) => drawText(canvas, atlas, line.text, 8, top + i * scene.linePitchPx, line.colour));
}

function drawRoom(canvas: Canvas, scene: RoomScene, tMs: number, frame: number): void {
  const W = canvas.width;
  const H = canvas.height;
  canvas.fill(0, 0, W, H, (_x, y) => {
    const a = y / (H - 1);
    return [scene.wallTop[0] + (scene.wallBottom[0] - scene.wallTop[0]) * a, scene.wallTop[1] + (scene.wallBottom[1] - scene.wallTop[1]) * a, scene.wallTop[2] + (scene.wallBottom[2] - scene.wallTop[2]) * a];
  });
  canvas.fill(0, H * 0.8, W, H, () => scene.floor);
  for (const item of scene.furniture) canvas.fill(item.box.x * W, item.box.y * H, (item.box.x + item.box.width) * W, (item.box.y + item.box.height) * H, () => item.colour);
  const f = scene.fixture;
  const bx = f.box.x * W;
  const by = f.box.y * H;
  const bw = f.box.width * W;
  const bh = f.box.height * H;
  if (f.kind === 'kettle') {
    const on = f.light.onAtMs !== null && tMs >= f.light.onAtMs;
    canvas.fill(bx, by + bh * 0.15, bx + bw, by + bh, () => f.body);
    canvas.fill(bx + bw * 0.2, by, bx + bw * 0.8, by + bh * 0.15, () => f.body);
    canvas.capsule(bx + bw, by + bh * 0.35, bx + bw * 1.25, by + bh * 0.6, Math.max(1, bw * 0.06), f.body);
    const lx = bx + bw * 0.5;
    const ly = by + bh * 0.72;
    const r = Math.max(2.5, W * 0.022);
    if (on) glow(canvas, lx, ly, r * 3.2, f.light.onColour, 0.55);
    canvas.circle(lx, ly, r, on ? f.light.onColour : f.light.offColour);
  } else if (f.kind === 'lamp') {
    const on = f.offAtMs === null || tMs < f.offAtMs;
    // Stand, then the shade; a lit shade throws a glow on the wall around it.
    canvas.capsule(bx + bw / 2, by + bh, bx + bw / 2, H * 0.8, Math.max(1, bw * 0.05), [70, 66, 60]);
    if (on) glow(canvas, bx + bw / 2, by + bh / 2, Math.max(bw, bh) * 1.6, [255, 240, 200], 0.45);
    const shade = on ? f.onColour : f.offColour;
    canvas.fill(bx, by, bx + bw, by + bh, () => shade);
  } else {
    canvas.fill(bx, by, bx + bw, by + bh, () => [38, 38, 40]);
    const colour = colourAt(f.lamp, tMs);
    const r = Math.min(bw, bh) * 0.36;
    glow(canvas, bx + bw / 2, by + bh / 2, r * 1.6, colour, 0.35);
    canvas.circle(bx + bw / 2, by + bh / 2, r, colour);
  }
  if (scene.walker) {
    const w = scene.walker;
    const a = (tMs - w.fromMs) / w.durationMs;
    if (a >= 0 && a <= 1) {
      const x = w.leftToRight ? -0.1 * W + a * 1.2 * W : 1.1 * W - a * 1.2 * W;
      const h = w.heightFrac * H;
      const feet = H * 0.95;
      const limb = Math.max(1.5, h * 0.06);
      const swing = Math.sin(a * 40) * h * 0.12;
      canvas.capsule(x - swing, feet, x, feet - h * 0.45, limb, w.colour);
      canvas.capsule(x + swing, feet, x, feet - h * 0.45, limb, w.colour);
      canvas.capsule(x, feet - h * 0.45, x, feet - h * 0.82, limb * 1.8, w.colour);
      canvas.circle(x, feet - h * 0.92, h * 0.08, w.colour);
    }
  }
  if (scene.ball) {
    const p = scene.ball.path[Math.min(frame, scene.ball.path.length - 1)];
    canvas.circle(p.x * W, p.y * H, scene.ball.radiusFrac * H, scene.ball.colour);
  }
}

/** Light spilling around a lamp: a soft disc blended towards the colour, strongest at the centre. */
function glow(canvas: Canvas, cx: number, cy: number, radius: number, colour: Rgb, strength: number): void {
  const W = canvas.width;
  const H = canvas.height;
  for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(H, Math.ceil(cy + radius)); y++) {
    for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(W, Math.ceil(cx + radius)); x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / radius;
      if (d >= 1) continue;
      const a = strength * (1 - d) * (1 - d);
      const p = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) canvas.pixels[p + c] += (colour[c] - canvas.pixels[p + c]) * a;
    }
  }
}

/** Text in a monospace font with FreeType's anti-aliasing; `top` is the top of the character cell. */
function drawText(canvas: Canvas, atlas: ReturnType<typeof glyphAtlas>, text: string, x: number, top: number, colour: Rgb): void {
  const originY = top - atlas.cellTopRow;
  for (let i = 0; i < text.length; i++) {
    const mask = atlas.mask(text[i]);
    if (!mask || text[i] === ' ') continue;
    const left = x + i * atlas.advancePx - atlas.penColumn;
    for (let my = 0; my < atlas.maskHeight; my++) {
      const row = originY + my;
      if (row < 0 || row >= canvas.height) continue;
      for (let mx = 0; mx < atlas.maskWidth; mx++) {
        const alpha = mask[my * atlas.maskWidth + mx];
        const col = left + mx;
        if (alpha === 0 || col < 0 || col >= canvas.width) continue;
        const p = (row * canvas.width + col) * 3;
        const a = alpha / 255;
        for (let c = 0; c < 3; c++) canvas.pixels[p + c] += (colour[c] - canvas.pixels[p + c]) * a;
      }
    }
  }
}
