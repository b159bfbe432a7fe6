// Parses the headless QA flags of an installed build: `--run INPUT --out DIR [--im NAME] [--realtime]` runs like `tandem run`, no window.

export interface HeadlessRun {
  input: string;
  outDir: string;
  im?: string;
  realtime: boolean;
}

export type HeadlessArgs = { kind: 'none' } | { kind: 'run'; run: HeadlessRun } | { kind: 'error'; message: string };

const USAGE = 'usage: tandem --run INPUT --out DIR [--im NAME] [--realtime]';

/**
 * Reads argv after the executable (and, unpackaged, after the app path). Without `--run` the app starts
 * normally and other flags (Chromium's, Electron's) are left alone; with `--run` every flag must be ours.
 */
export function parseHeadlessArgs(argv: readonly string[]): HeadlessArgs {
  if (!argv.includes('--run')) return { kind: 'none' };
  let input: string | undefined;
  let outDir: string | undefined;
  let im: string | undefined;
  let realtime = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--realtime') {
      realtime = true;
      continue;
    }
    if (flag === '--run' || flag === '--out' || flag === '--im') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { kind: 'error', message: `${flag} needs a value; ${USAGE}` };
      i++;
      if (flag === '--run') input = value;
      else if (flag === '--out') outDir = value;
      else im = value;
      continue;
    }
    // Electron passes the app path as a positional when unpackaged (`electron .`); Chromium switches pass through.
    if (!flag.startsWith('--')) continue;
    if (isChromiumSwitch(flag)) continue;
    return { kind: 'error', message: `unknown flag ${flag}; ${USAGE}` };
  }
  if (!input) return { kind: 'error', message: `--run needs an input; ${USAGE}` };
  if (!outDir) return { kind: 'error', message: `--out DIR is required with --run; ${USAGE}` };
  return { kind: 'run', run: { input, outDir, ...(im ? { im } : {}), realtime } };
}

// Switches that Electron or a launcher may add on its own (AppImage sandboxing, headless CI).
const PASSTHROUGH_SWITCHES = ['--no-sandbox', '--disable-gpu', '--headless', '--enable-logging', '--ozone-platform'];
function isChromiumSwitch(flag: string): boolean {
  const name = flag.split('=')[0];
  return PASSTHROUGH_SWITCHES.includes(name);
}
