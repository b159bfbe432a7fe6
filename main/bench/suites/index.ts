// The registry of benchmark suites `tandem bench SUITE` knows, loaded on demand so one suite's dependencies cost nothing to the others.

import { TandemError } from '../../../common/errors';
import type { BenchSuite } from '../suite';

const LOADERS: Record<string, () => Promise<BenchSuite>> = {
  fdbench: async () => (await import('./fdbench')).fdbenchSuite,
  timespeak: async () => (await import('./timespeak')).timespeakSuite,
  cuespeak: async () => (await import('./cuespeak')).cuespeakSuite,
  repcount: async () => (await import('./repcount')).repcountSuite,
  codewatch: async () => (await import('./codewatch')).codewatchSuite,
  visualwatch: async () => (await import('./visualwatch')).visualwatchSuite,
  perf: async () => (await import('./perf')).perfSuite,
};

/** Suite names in the order `all` runs them. */
export const BENCH_SUITE_NAMES: readonly string[] = Object.keys(LOADERS);

/** Loads suites by name; `all` is every suite. Unknown names are a usage error that lists the known ones. */
export async function loadBenchSuites(names: readonly string[]): Promise<BenchSuite[]> {
  const wanted = names.includes('all') ? BENCH_SUITE_NAMES : [...new Set(names)];
  const unknown = wanted.filter((name) => !Object.hasOwn(LOADERS, name));
  if (unknown.length > 0) {
    throw new TandemError('USAGE', `Unknown benchmark suite${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}`, 'tandem bench', `Suites: ${['engine', ...BENCH_SUITE_NAMES, 'all'].join(', ')}.`);
  }
  return Promise.all(wanted.map((name) => LOADERS[name]()));
}
