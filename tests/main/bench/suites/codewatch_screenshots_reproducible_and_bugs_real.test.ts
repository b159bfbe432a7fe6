// codewatch's generated screenshots: byte-identical per seed, loadable, every shown line drawn where the truth says, and the planted bugs are real (the TypeScript compiler agrees; clean files compile clean).

import * as nodePath from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchSample } from '../../../../main/bench/suite';
import { CODEWATCH_SEED_RANGE, codewatchSuite } from '../../../../main/bench/suites/codewatch';
import { BUGS_BY_LANGUAGE, buildSourceFile, type BugKind, type CodeLanguage, type SourceFile } from '../../../../main/bench/gen/codeFiles';
import type { CodewatchTruth } from '../../../../main/bench/gen/codewatchSample';
import { SampleRandom } from '../../../../main/bench/gen/sampleRandom';
import { loadScenario } from '../../../../main/engine/scenario/load';
import { hashTree, makeWorkDir, removeWorkDir } from './suiteFixtures';

/** Type-checks one file in memory (strict, unused locals reported) and returns its diagnostics as { line, code }. Library files are parsed once. */
const libCache = new Map<string, ts.SourceFile | undefined>();
function diagnostics(file: SourceFile): Array<{ line: number; code: number }> {
  const javascript = file.language === 'javascript';
  const name = javascript ? '/check/file.js' : '/check/file.ts';
  const options: ts.CompilerOptions = {
    strict: true,
    // Plain JavaScript has no annotations: implicit any is its normal state, not a bug.
    noImplicitAny: !javascript,
    noUnusedLocals: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version) => {
    if (fileName === name) return ts.createSourceFile(fileName, file.lines.join('\n'), version);
    if (!libCache.has(fileName)) libCache.set(fileName, readLib(fileName, version));
    return libCache.get(fileName);
  };
  const program = ts.createProgram([name], options, host);
  const source = program.getSourceFile(name)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({ line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1, code: d.code }));
}

describe('codewatch screenshots', () => {
  let dirA: string;
  let dirB: string;
  let samples: BenchSample[];

  beforeAll(async () => {
    dirA = makeWorkDir('codewatch-a');
    dirB = makeWorkDir('codewatch-b');
    samples = (await codewatchSuite.prepare({ size: 'small', workDir: dirA })).samples;
    await codewatchSuite.prepare({ size: 'small', workDir: dirB });
  });
  afterAll(() => {
    removeWorkDir(dirA);
    removeWorkDir(dirB);
  });

  it('are byte-identical when made again from the same seeds, in all three languages, one clean', () => {
    expect(samples.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4, 5].map((k) => CODEWATCH_SEED_RANGE.first + k));
    for (const sample of samples) expect(hashTree(nodePath.join(dirB, sample.id))).toEqual(hashTree(nodePath.join(dirA, sample.id)));
    const truths = samples.map((s) => s.truth as CodewatchTruth);
    expect(new Set(truths.map((t) => t.language))).toEqual(new Set(['typescript', 'javascript', 'python']));
    expect(truths.map((t) => t.clean)).toEqual([false, false, false, true, false, false]);
  });

  it('load as scenarios showing the screenshot, with each code line drawn in its stated row band (ink exactly where the line has text)', async () => {
    for (const sample of samples) {
      const truth = sample.truth as CodewatchTruth;
      const scenario = await loadScenario(sample.input);
      try {
        const frame = scenario.screen!.frameAt(0)!;
        expect([frame.width, frame.height]).toEqual([truth.width, truth.height]);
        expect(truth.lastLine - truth.firstLine + 1).toBe(truth.code.length);
        for (const bug of truth.bugs) {
          expect(bug.line).toBeGreaterThanOrEqual(truth.firstLine);
          expect(bug.line).toBeLessThanOrEqual(truth.lastLine);
        }
        truth.code.forEach((line, i) => {
          const top = truth.textArea.y + truth.topPaddingPx + i * truth.linePitchPx;
          // The band's commonest colour is its background (the editor's, or the cursor line's highlight); ink is anything far from it.
          const counts = new Map<number, number>();
          const pixel = (x: number, y: number) => {
            const p = (y * frame.width + x) * 3;
            return [frame.rgb[p], frame.rgb[p + 1], frame.rgb[p + 2]];
          };
          for (let y = top + 1; y < top + truth.linePitchPx - 1; y++) {
            for (let x = truth.textArea.x; x < truth.width; x++) {
              const [r, g, b] = pixel(x, y);
              const key = (r << 16) | (g << 8) | b;
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
          }
          const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
          let ink = 0;
          for (let y = top + 1; y < top + truth.linePitchPx - 1; y++) {
            for (let x = truth.textArea.x; x < truth.width; x++) {
              const [r, g, b] = pixel(x, y);
              if (Math.abs(r - (background >> 16)) + Math.abs(g - ((background >> 8) & 255)) + Math.abs(b - (background & 255)) > 60) ink++;
            }
          }
          expect(ink > 0, `${sample.id} line ${truth.firstLine + i}: "${line}"`).toBe(line.trim().length > 0);
        });
      } finally {
        scenario.close();
      }
    }
  });

  it('plant bugs that are real: the TypeScript compiler flags them on the planted line and finds nothing in clean files', () => {
    for (const language of ['typescript', 'javascript'] as const) {
      for (let seed = 0; seed < 8; seed++) {
        const clean = buildSourceFile({ language, bugKinds: [], maxLines: 200, withHeader: seed % 2 === 0 }, new SampleRandom(seed));
        expect(diagnostics(clean), `${language} clean file, seed ${seed}:\n${clean.lines.join('\n')}`).toEqual([]);
      }
      for (const kind of BUGS_BY_LANGUAGE[language]) {
        for (let seed = 0; seed < 4; seed++) {
          const file = buildSourceFile({ language, bugKinds: [kind], maxLines: 200, withHeader: true }, new SampleRandom(100 + seed));
          expect(file.bugs).toHaveLength(1);
          const line = file.bugs[0].line;
          const found = diagnostics(file);
          const text = file.lines[line - 1];
          // 2304 "Cannot find name", or 2552 when it adds "Did you mean …?" for a typo of a name in scope.
          if (kind === 'undefined_variable') expect(found).toEqual([{ line, code: expect.toSatisfy((code: number) => code === 2304 || code === 2552) }]);
          if (kind === 'unused_variable') expect(found).toEqual([{ line, code: 6133 }]);
          if (kind === 'assignment_in_condition') {
            // Legal code to the compiler (that is the trap); the planted line assigns inside the condition.
            expect(found).toEqual([]);
            expect(text).toMatch(/^\s*if \([^=]*[^=!<>]=[^=][^)]*\) \{$/);
          }
          if (kind === 'missing_await') {
            // The call lacks `await`; TypeScript notices where the Promise is used, on the next line. Plain JavaScript may not know the type.
            expect(text).not.toMatch(/await/);
            if (language === 'typescript') expect(found.map((d) => d.line)).toEqual([line + 1]);
            else expect(found.every((d) => d.line === line + 1)).toBe(true);
          }
        }
      }
    }
  });

  it('plant Python bugs of each kind on a line that shows it', () => {
    const patterns: Record<BugKind, RegExp> = {
      mutable_default_argument: /^def \w+\(.*=(\[\]|\{\})\):$/,
      none_comparison: /== None:$/,
      undefined_variable: /\b(totl|delay)\b/,
      unused_variable: /^\s+(count|existing) = /,
      missing_await: /^\s+\w+ = (client\.get|asyncio\.gather)\(/,
      assignment_in_condition: /(?!)/,
    };
    for (const kind of BUGS_BY_LANGUAGE.python) {
      for (let seed = 0; seed < 4; seed++) {
        const file = buildSourceFile({ language: 'python' as CodeLanguage, bugKinds: [kind], maxLines: 200, withHeader: seed % 2 === 0 }, new SampleRandom(200 + seed));
        const line = file.lines[file.bugs[0].line - 1];
        expect(line, `${kind}, seed ${200 + seed}`).toMatch(patterns[kind]);
        if (kind === 'unused_variable') {
          const name = /^\s+(\w+) = /.exec(line)![1];
          expect(file.lines.filter((l) => new RegExp(`\\b${name}\\b`).test(l))).toHaveLength(1);
        }
      }
      const clean = buildSourceFile({ language: 'python', bugKinds: [], maxLines: 200, withHeader: true }, new SampleRandom(300));
      for (const pattern of Object.values(patterns)) expect(clean.lines.filter((l) => pattern.test(l))).toEqual([]);
    }
  });
});
