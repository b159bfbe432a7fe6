// `Tandem --run INPUT --out DIR [--im NAME] [--realtime]` on an installed build: parsed strictly, ignored when --run is absent.

import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from '../../../main/app/headlessArgs';

describe('headless run flags', () => {
  it('starts the desktop app when --run is absent, whatever else is passed', () => {
    expect(parseHeadlessArgs([])).toEqual({ kind: 'none' });
    expect(parseHeadlessArgs(['--some-chromium-switch', '.'])).toEqual({ kind: 'none' });
  });

  it('reads a full run', () => {
    expect(parseHeadlessArgs(['--run', 'scn.json', '--out', 'out/x', '--im', 'native', '--realtime'])).toEqual({
      kind: 'run',
      run: { input: 'scn.json', outDir: 'out/x', im: 'native', realtime: true },
    });
  });

  it('defaults to virtual time and the default model, and skips the unpackaged app path', () => {
    expect(parseHeadlessArgs(['.', '--out', 'o', '--run', 'in.wav'])).toEqual({ kind: 'run', run: { input: 'in.wav', outDir: 'o', realtime: false } });
  });

  it('lets launcher switches through', () => {
    expect(parseHeadlessArgs(['--no-sandbox', '--run', 'a', '--out', 'b']).kind).toBe('run');
    expect(parseHeadlessArgs(['--ozone-platform=headless', '--run', 'a', '--out', 'b']).kind).toBe('run');
    // --inspect is not one of them: the fuse turns it off in installed builds, and a QA run must not accept it.
    expect(parseHeadlessArgs(['--inspect', '--run', 'a', '--out', 'b']).kind).toBe('error');
  });

  it.each([
    [['--run', 'a'], /--out DIR is required/],
    [['--run', '--out', 'b'], /--run needs a value/],
    [['--run', 'a', '--out'], /--out needs a value/],
    [['--run', 'a', '--out', 'b', '--speed', '2'], /unknown flag --speed/],
  ])('refuses %j with a usage line', (argv, message) => {
    const parsed = parseHeadlessArgs(argv);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') {
      expect(parsed.message).toMatch(message);
      expect(parsed.message).toContain('usage: tandem --run INPUT --out DIR');
    }
  });
});
