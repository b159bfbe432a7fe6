// The `tandem` command line: run scenarios headlessly, replay sessions, benchmark the engine, manage downloadable models.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TandemError, isTandemError } from '../../common/errors';
import { INTERACTION_MODEL_NAMES } from '../models/registry';
import { runInput, TANDEM_VERSION } from './runInput';
import { parseVoiceName, VOICE_NAME_HELP } from '../models/speech/voiceChoice';
import { replaySession } from './replay';
import { runEngineBench } from './benchEngine';
import { modelsCommand, MODELS_USAGE } from './models';
import { trainDataCommand, TRAIN_DATA_USAGE } from './trainData';
import { loadBenchSuites, BENCH_SUITE_NAMES } from '../bench/suites';
import { renderSummaryTables, type BenchModelChoice } from '../bench/report';
import type { Session } from '../engine/session';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `tandem ${TANDEM_VERSION} — a real-time assistant that lives in 200 ms micro-turns

Usage:
  tandem run INPUT --out DIR [--im NAME] [--im-config FILE] [--asr NAME|none] [--realtime] [--voice NAME] [--voice-rate WPM] [--voice-pitch P]
      [--background FILE [--background-latency-ms N]]
      INPUT is a scenario file (*.scenario.json) or a Full-Duplex-Bench sample folder (with input.wav).
      Writes DIR/output.wav (assistant audio, same length as the input, 16 kHz mono 16-bit),
      DIR/timeline.jsonl and DIR/summary.json. Virtual time by default; --realtime paces on the wall clock.
      Exit code 0 when the run completed (and met the scenario's expectations, if it has any), 3 when
      expectations were not met, 130 when stopped early (Ctrl-C), 1 or 2 on bad input or usage.
      Interaction models: ${INTERACTION_MODEL_NAMES.join(', ')} (default harness).
      --asr: the speech recognizer (an asr model of \`tandem models list\`, or none); default: the
      catalog's default ASR model when it is installed, none otherwise.
      --background FILE: the background model's settings (providers, active; docs/background.md); without it
      the assistant says it has no language model. On the virtual clock each task's answer enters the
      micro-turn in which --background-latency-ms (default 1000) of media time ends after the delegation.
      --voice: ${VOICE_NAME_HELP}. --voice-rate (words/min, 80–450) and --voice-pitch (0–99) tune espeak-ng.
  tandem replay DIR
      Re-runs the session recorded in DIR/timeline.jsonl on the virtual clock and checks that every
      decision comes out the same. Exit code 0 when identical, 3 when it diverges,
      1 when it cannot replay (the log is damaged or an input file changed).
  tandem bench engine [--out DIR] [--seconds N] [--hours H]
      Engine benchmarks: real-time tick lateness under CPU load, engine overhead per tick, dMel per
      chunk, harness step time, memory growth over a long virtual session. Results go to DIR (bench/results).
  tandem bench asr [--out DIR]
      Speech recognition's real-time factor on the CPU (whole segments and a streamed one) with a model of
      Moonshine Tiny's shape that the benchmark builds. Writes DIR/asr.json (default bench/results).
  tandem bench voice [--out DIR] [--stub-first-token-ms MS]
      Voice benchmark: time to the first synthesized 200 ms chunk (p50/p95) and real-time factor of the
      embedded espeak-ng voice over sentences of 1–38 words; end of user speech → first assistant audio
      (p50/p95, real-time sessions with the harness and a stub language model on 127.0.0.1 whose first
      token comes after MS ms, default 150); the ASR real-time factor. Writes DIR/voice.json and
      DIR/voice.md (bench/results).
  tandem bench SUITE --out DIR [--im MODEL[=LABEL],…] [--data DIR] [--size small|full]
      The interaction benchmark, headless on the virtual clock (perf adds a short real-time run).
      SUITE: ${BENCH_SUITE_NAMES.join(', ')}, all, or several comma-separated. Samples are generated into
      DIR/SUITE/data/ (and reused by the next run), or read from --data DIR (one suite only). Each model's
      run of each sample goes to DIR/SUITE/LABEL/TASK/SAMPLE/ (output.wav, timeline.jsonl, summary.json).
      Writes DIR/report.json, DIR/report.md (side-by-side tables, definitions) and DIR/plots/*.svg.
      --im: the models to compare, default every known one (${INTERACTION_MODEL_NAMES.join(', ')}); MODEL@FILE uses that config (native: manifest); MODEL=LABEL runs
      a model under another column name. --size small is a quick pass, full (default) the benchmark proper.
      Exit code 0 when every sample ran, 3 when some failed (counted in the report), 130 when stopped.
  tandem serve [--port N] [--im NAME] [--data DIR] [--open]
      Runs a live session engine in Node and serves the built renderer (out/renderer; run \`npm run build\`
      first) on http://127.0.0.1 only, with the bridge on a WebSocket protected by a random token and an
      Origin check. Prints the URL with the token; --open also opens it in the default browser.
      --port 0 (default) picks a free port. Sessions are kept in DIR (default: the user data folder),
      one folder each with timeline.jsonl and mic.wav. Ctrl-C stops the session cleanly and exits 0.
${MODELS_USAGE}${TRAIN_DATA_USAGE}  tandem --help | --version
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${TANDEM_VERSION}\n`);
    return 0;
  }
  if (command === 'run') return runCommand(rest);
  if (command === 'replay') return replayCommand(rest);
  if (command === 'bench') return benchCommand(rest);
  if (command === 'serve') return serveCommand(rest);
  if (command === 'models') return modelsCommand(rest);
  if (command === 'train-data') return trainDataCommand(rest);
  throw new TandemError('USAGE', `Unknown command "${command}"`, 'command line', 'Run `tandem --help` for the commands.');
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>, where: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TandemError('USAGE', (error as Error).message, where, 'Run `tandem --help` for the options.');
  }
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      out: { type: 'string' },
      im: { type: 'string', default: 'harness' },
      'im-config': { type: 'string' },
      asr: { type: 'string' },
      realtime: { type: 'boolean', default: false },
      background: { type: 'string' },
      'background-latency-ms': { type: 'string' },
      voice: { type: 'string', default: 'espeak' },
      'voice-rate': { type: 'string' },
      'voice-pitch': { type: 'string' },
    },
    'tandem run',
  );
  const voice = parseVoiceName(values.voice as string, {
    ...(values['voice-rate'] !== undefined ? { rate: integerFlag(values['voice-rate'] as string, '--voice-rate') } : {}),
    ...(values['voice-pitch'] !== undefined ? { pitch: integerFlag(values['voice-pitch'] as string, '--voice-pitch') } : {}),
  });
  if (positionals.length !== 1) throw new TandemError('USAGE', `Expected one INPUT, got ${positionals.length}`, 'tandem run', 'Usage: tandem run INPUT --out DIR');
  if (!values.out) throw new TandemError('USAGE', 'Missing --out DIR', 'tandem run', 'Say where to write output.wav, timeline.jsonl and summary.json: --out DIR');
  let session: Session | undefined;
  // Ctrl-C while the input or the model is still loading must stop the session as soon as it exists:
  // the listener below replaces Node's default exit, so dropping the signal would run the input to its end.
  let stopRequested = false;
  const onSignal = () => {
    stopRequested = true;
    session?.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary = await runInput({
      input: positionals[0],
      outDir: values.out as string,
      im: values.im as string,
      imConfigPath: values['im-config'] as string | undefined,
      asr: values.asr as string | undefined,
      realtime: values.realtime as boolean,
      backgroundPath: values.background as string | undefined,
      backgroundLatencyMs: backgroundLatencyOf(values['background-latency-ms'] as string | undefined),
      voice,
      onSession: (s) => {
        session = s;
        if (stopRequested) s.stop();
      },
    });
    const a = summary.actions;
    process.stdout.write(
      [
        `${summary.input.name}: ${summary.ticks} micro-turns (${(summary.input.durationMs / 1000).toFixed(1)} s, ${summary.clock} clock), interaction model ${summary.interactionModel.name}, voice ${summary.voice.name}, asr ${summary.asr.description}`,
        `  actions: listen ${a.listen}, speak ${a.speak}, keep_speaking ${a.keep_speaking}, backchannel ${a.backchannel}, yield ${a.yield}, interject ${a.interject}; ${summary.utterances} utterances, ${summary.cuts} cut`,
        `  model step p50 ${summary.modelStepMs.p50} ms, p99 ${summary.modelStepMs.p99} ms; engine overhead p99 ${summary.engineOverheadMs.p99} ms` +
          (summary.clock === 'realtime' ? `; tick lateness p99 ${summary.tickLatenessMs.p99} ms, overruns ${summary.overruns}` : ''),
        ...(summary.expectations ? [`  expectations: ${summary.expectations.passed ? 'all met' : summary.expectations.failures.join('; ')}`] : []),
        `  wrote ${summary.outputs.outputWav}, ${summary.outputs.timeline}, ${summary.outputs.summary}`,
        '',
      ].join('\n'),
    );
    if (!summary.complete) return 130;
    // QA scripts: a scenario whose expectations were not met fails the run (the outputs are still written).
    return summary.expectations && !summary.expectations.passed ? 3 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function backgroundLatencyOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) {
    throw new TandemError('USAGE', `--background-latency-ms must be a whole number of ms from 0 to 600000, got "${value}"`, '--background-latency-ms', 'E.g. --background-latency-ms 1000 (the default).');
  }
  return ms;
}

async function replayCommand(args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, 'tandem replay');
  if (positionals.length !== 1) throw new TandemError('USAGE', 'Expected the folder of a recorded session', 'tandem replay', 'Usage: tandem replay DIR (a folder written by tandem run --out DIR)');
  const result = await replaySession(positionals[0]);
  process.stdout.write(`${result.message}\n`);
  return result.identical ? 0 : 3;
}

async function benchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { out: { type: 'string' }, seconds: { type: 'string' }, hours: { type: 'string' }, im: { type: 'string' }, data: { type: 'string' }, size: { type: 'string' }, 'stub-first-token-ms': { type: 'string' } },
    'tandem bench',
  );
  const suiteArg = positionals[0] ?? '';
  const only = (allowed: string[], suite: string) => {
    const extra = ['out', 'seconds', 'hours', 'im', 'data', 'size', 'stub-first-token-ms'].filter((o) => !allowed.includes(o) && values[o as keyof typeof values] !== undefined);
    if (extra.length > 0) throw new TandemError('USAGE', `--${extra[0]} does not apply to ${suite}`, 'tandem bench', 'Run `tandem --help` for the options of each benchmark.');
  };
  if (positionals.length > 1) throw new TandemError('USAGE', `Expected one SUITE, got ${positionals.length}`, 'tandem bench', 'Usage: tandem bench SUITE --out DIR (several suites: SUITE,SUITE or all).');
  if (suiteArg === 'voice') {
    only(['out', 'stub-first-token-ms'], 'the voice benchmark');
    const firstTokenArg = values['stub-first-token-ms'] as string | undefined;
    const stubFirstTokenMs = firstTokenArg === undefined ? undefined : Number(firstTokenArg);
    if (stubFirstTokenMs !== undefined && (!Number.isInteger(stubFirstTokenMs) || stubFirstTokenMs < 0 || stubFirstTokenMs > 60_000)) {
      throw new TandemError('USAGE', `--stub-first-token-ms must be a whole number of milliseconds from 0 to 60000, got "${firstTokenArg}"`, '--stub-first-token-ms', 'E.g. --stub-first-token-ms 150 (the default).');
    }
    const { runVoiceBench } = await import('../bench/voiceBench');
    const result = await runVoiceBench({ outDir: (values.out as string | undefined) ?? 'bench/results', stubFirstTokenMs, log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(
      `${result.voice}: first 200 ms chunk p50 ${result.firstChunkMs.p50} ms, p95 ${result.firstChunkMs.p95} ms (target ≤ ${result.firstChunkMs.targetMs} ms); real-time factor ${result.realTimeFactor}\n`,
    );
    for (const path of result.endOfSpeechToFirstAudio?.paths ?? []) {
      process.stdout.write(`end of user speech → first assistant audio, ${path.name}: p50 ${path.p50} ms, p95 ${path.p95} ms (${path.answered}/${path.questions} answered; target ≤ ${result.endOfSpeechToFirstAudio!.targetMs} ms)\n`);
    }
    if (result.asr) process.stdout.write(`ASR real-time factor (${result.asr.model.kind}): ${result.asr.segments.map((s) => `${s.audioMs / 1000} s ${s.realTimeFactor}`).join(', ')}; streamed ${result.asr.streaming.realTimeFactor}\n`);
    return 0;
  }
  if (suiteArg === 'engine') {
    only(['out', 'seconds', 'hours'], 'the engine benchmark');
    await runEngineBench({ outDir: (values.out as string | undefined) ?? 'bench/results', realtimeSeconds: Number(values.seconds ?? '60'), virtualHours: Number(values.hours ?? '2') });
    return 0;
  }
  if (suiteArg === 'asr') {
    only(['out'], 'the ASR benchmark');
    // Loaded here: the benchmark builds its model with onnx-proto, which `tandem run` has no use for.
    const { runAsrBench, describeAsrBench } = await import('./benchAsr');
    const { path, result } = await runAsrBench({ outDir: (values.out as string | undefined) ?? 'bench/results' });
    process.stdout.write([...describeAsrBench(result), `  wrote ${path}`, ''].join('\n'));
    return 0;
  }
  only(['out', 'im', 'data', 'size'], 'the interaction benchmark');
  const suiteNames = suiteArg.split(',').filter((name) => name.length > 0);
  if (suiteNames.length === 0) throw new TandemError('USAGE', 'Missing SUITE', 'tandem bench', `Suites: ${['engine', ...BENCH_SUITE_NAMES, 'all'].join(', ')}.`);
  const suites = await loadBenchSuites(suiteNames);
  if (!values.out) throw new TandemError('USAGE', 'Missing --out DIR', 'tandem bench', 'Say where to write the runs, report.json, report.md and plots: --out DIR');
  const size = (values.size as string | undefined) ?? 'full';
  if (size !== 'small' && size !== 'full') throw new TandemError('USAGE', `Unknown size "${size}"`, '--size', 'Use --size small (minutes) or --size full (the real benchmark).');
  if (values.data !== undefined && suites.length !== 1) {
    throw new TandemError('USAGE', '--data names the samples of one suite', '--data', 'Run one suite with it, e.g. tandem bench fdbench --data DIR --out OUT.');
  }
  // Loaded here, not at start-up: the runner brings vega for its plots, which `tandem run` has no use for.
  const { checkModelChoices, runBench } = await import('../bench/runBench');
  const models = parseModelChoices((values.im as string | undefined) ?? INTERACTION_MODEL_NAMES.join(','));
  checkModelChoices(models);
  const controller = new AbortController();
  const onSignal = () => {
    process.stdout.write('stopping: finishing the report with what has run…\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runBench({
      suites,
      models,
      outDir: values.out as string,
      size,
      dataDir: values.data as string | undefined,
      command: ['tandem', 'bench', ...args].join(' '),
      signal: controller.signal,
    });
    process.stdout.write(`\n${renderSummaryTables(result.report)}\n`);
    if (!result.report.complete) return 130;
    if (result.failedSamples > 0 || result.failedSuites > 0) {
      process.stdout.write(`${result.failedSamples} sample run(s) and ${result.failedSuites} suite(s) failed; see the failures in ${result.reportMarkdownPath}\n`);
      return 3;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { port: { type: 'string', default: '0' }, im: { type: 'string', default: 'harness' }, data: { type: 'string' }, open: { type: 'boolean', default: false } },
    'tandem serve',
  );
  if (positionals.length > 0) throw new TandemError('USAGE', `Unexpected argument "${positionals[0]}"`, 'tandem serve', 'Usage: tandem serve [--port N] [--im NAME] [--data DIR] [--open]');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TandemError('USAGE', `--port must be a whole number from 0 to 65535, got "${values.port}"`, '--port', 'Use --port 0 for any free port.');
  const im = values.im as string;
  if (!INTERACTION_MODEL_NAMES.includes(im)) throw new TandemError('USAGE', `Unknown interaction model "${im}"`, '--im', `Use one of: ${INTERACTION_MODEL_NAMES.join(', ')}.`);
  // The renderer is built next to the CLI (out/main/cli.js → out/renderer); nothing is built here.
  const rendererDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new TandemError('INPUT_NOT_FOUND', 'The built renderer is missing', rendererDir, 'Run `npm run build` first, then `npx tandem serve` again.');
  }
  const { startServeMode } = await import('../serve/serveMode');
  const serve = await startServeMode({ port, rendererDir, im, sessionsDir: values.data as string | undefined, version: TANDEM_VERSION });
  process.stdout.write(`tandem serve: open ${serve.url}\n  (the token in the URL is the only key to this session; it changes on every start)\n  Ctrl-C stops the session and the server.\n`);
  if (values.open) openInBrowser(serve.url);
  const stopped = new Promise<void>((resolvePromise) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolvePromise();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stopped;
  process.stdout.write('tandem serve: stopping…\n');
  const folder = serve.sessionHost.sessionFolder;
  await serve.close();
  process.stdout.write(folder ? `tandem serve: stopped; the last session is in ${folder}\n` : 'tandem serve: stopped\n');
  return 0;
}

/** Hands the URL to the desktop's browser; failing to is not fatal (the URL is printed). */
function openInBrowser(url: string): void {
  const [tool, toolArgs] =
    process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]]
    : ['xdg-open', [url]];
  try {
    const child = spawn(tool, toolArgs as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stdout.write(`tandem serve: could not open a browser (${tool}); open the URL above yourself.\n`));
    child.unref();
  } catch {
    process.stdout.write('tandem serve: could not open a browser; open the URL above yourself.\n');
  }
}

/**
 * `harness,native`, `harness,harness=harness-b` (MODEL=LABEL runs a model under another column name) or
 * `native@path/native.json=native-b` (MODEL@FILE: the model's config file, for the native model its manifest).
 */
function parseModelChoices(text: string): BenchModelChoice[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item.length > 0).map((item) => {
    const [spec, label, ...rest] = item.split('=');
    const at = spec.indexOf('@');
    const model = at < 0 ? spec : spec.slice(0, at);
    const configPath = at < 0 ? undefined : spec.slice(at + 1);
    if (rest.length > 0 || label === '' || configPath === '') {
      throw new TandemError('USAGE', `Cannot read "${item}"`, '--im', 'Give MODEL, MODEL=LABEL or MODEL@CONFIG=LABEL, comma-separated: --im harness,native@tuned/native.json=native-tuned');
    }
    if (!INTERACTION_MODEL_NAMES.includes(model)) {
      throw new TandemError('USAGE', `Unknown interaction model "${model}"`, '--im', `Use one of: ${INTERACTION_MODEL_NAMES.join(', ')}.`);
    }
    return { model, label: label ?? model, ...(configPath ? { imConfigPath: configPath } : {}) };
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isTandemError(error)) {
      process.stderr.write(`tandem: ${error.message}\n`);
      process.exitCode = error.code === 'USAGE' ? 2 : 1;
    } else {
      process.stderr.write(`tandem: unexpected failure: ${(error as Error)?.stack ?? String(error)}\nThis is a bug; please report it with the command you ran.\n`);
      process.exitCode = 70;
    }
  },
);

/** An integer option, e.g. --voice-rate 160. */
function integerFlag(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new TandemError('USAGE', `${flag} must be a whole number, got "${text}"`, flag, `Give e.g. ${flag} ${flag === '--voice-rate' ? '175' : '50'}.`);
  return Number(text);
}
