#!/usr/bin/env node
// The `tandem` executable: runs the built CLI (npm run build puts it in out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('tandem: the CLI is not built yet (out/main/cli.js is missing). Run `npm run build` first.\n');
  process.exit(1);
}
await import(cli.href);
