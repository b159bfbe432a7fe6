// Copies a benchmark run's report (report.json, report.md, plots/) into bench/results/, leaving its samples and outputs behind.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
if (!from || !to || !existsSync(join(from, 'report.json'))) {
  console.error('usage: node scripts/publish-bench-report.mjs RUN_DIR RESULTS_DIR (RUN_DIR must hold report.json)');
  process.exit(2);
}
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
for (const item of ['report.json', 'report.md', 'plots']) {
  if (existsSync(join(from, item))) cpSync(join(from, item), join(to, item), { recursive: true });
}
console.log(`published ${from} → ${to}`);
