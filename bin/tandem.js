#!/usr/bin/env -S node --max-semi-space-size=4
// The `tandem` executable: runs the built CLI (npm run build puts it in out/main/cli.js).
//
// Why the V8 flag: a real-time loop allocates a little every 200 ms for hours. Left alone, V8 doubles
// its young generation once it sees objects survive and keeps those pages: RSS steps up by ~16 MB and
// stays there. A 4 MB semi-space keeps scavenges short and memory flat (see memory.series in
// bench/results/engine.json). npm scripts pass the same flag; it must be given at start-up.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('tandem: the CLI is not built yet (out/main/cli.js is missing). Run `npm run build` first.\n');
  process.exit(1);
}
await import(cli.href);
