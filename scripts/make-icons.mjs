#!/usr/bin/env node
// Draws Tandem's icon (two overlapping rounded lanes: you and the assistant, talking at once) into build/ and the renderer's public folder.
//
// Usage: node scripts/make-icons.mjs   (writes build/icon.png 1024², build/icons/{256,512}x…png,
// renderer/public/icon.png 256² for the window and HUD, renderer/public/favicon.png 64²). The output is
// committed; run this again only when the drawing changes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';

const ROOT = join(import.meta.dirname, '..');

// Colours of the app (renderer/src/app.css): the user lane's blue and the assistant lane's amber on a dark tile.
const TILE = [22, 30, 44];
const USER = [78, 161, 255];
const ASSISTANT = [255, 180, 84];
const OVERLAP = [255, 244, 225];

/** Signed distance from (x, y) to a rounded rectangle centred at (cx, cy) with half sizes (hw, hh) and corner radius r. */
function roundedRectDistance(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - (hw - r);
  const qy = Math.abs(y - cy) - (hh - r);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

/** Coverage of a pixel by a shape from its signed distance: a one-pixel ramp is what anti-aliases the edge. */
const coverage = (distance) => Math.min(1, Math.max(0, 0.5 - distance));

/** Draws the icon at `size`×`size` (straight alpha, RGBA). Everything is in units of the size, so every size is sharp. */
function drawIcon(size) {
  const png = new PNG({ width: size, height: size });
  const u = size / 1024;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      // The tile: a rounded square with a margin, as the platforms' icon grids expect.
      const tile = coverage(roundedRectDistance(x, y, 512 * u, 512 * u, 440 * u, 440 * u, 200 * u));
      // Two lanes, offset like the timeline's two lanes when both speak: the overlap is where Tandem lives.
      const top = coverage(roundedRectDistance(x, y, 432 * u, 430 * u, 280 * u, 112 * u, 112 * u));
      const bottom = coverage(roundedRectDistance(x, y, 592 * u, 594 * u, 280 * u, 112 * u, 112 * u));
      // Where both lanes cover the pixel, both speak at once: drawn in the light mix of the two colours.
      const overlap = Math.min(top, bottom);
      let rgb = TILE.slice();
      const mix = (colour, alpha) => {
        rgb = rgb.map((channel, i) => channel * (1 - alpha) + colour[i] * alpha);
      };
      mix(USER, top);
      mix(ASSISTANT, bottom);
      mix(OVERLAP, overlap);
      const offset = (py * size + px) * 4;
      png.data[offset] = Math.round(rgb[0]);
      png.data[offset + 1] = Math.round(rgb[1]);
      png.data[offset + 2] = Math.round(rgb[2]);
      png.data[offset + 3] = Math.round(255 * tile);
    }
  }
  return PNG.sync.write(png);
}

function write(relativePath, size) {
  const path = join(ROOT, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, drawIcon(size));
  process.stdout.write(`wrote ${relativePath} (${size}×${size})\n`);
}

write('build/icon.png', 1024);
write('build/icons/512x512.png', 512);
write('build/icons/256x256.png', 256);
write('renderer/public/icon.png', 256);
write('renderer/public/favicon.png', 64);
