// `tandem models list|pull|verify|remove`: the model catalog and the local model store from the command line.

import { TandemError } from '../../common/errors';
import { defaultCatalogPath, loadCatalog } from '../models/catalog/catalogSchema';
import { ModelStore, type PullProgress } from '../models/catalog/modelStore';
import { isModelStoreError } from '../models/catalog/modelStoreErrors';

export const MODELS_USAGE = `  tandem models list
  tandem models pull NAME
  tandem models verify [NAME]
  tandem models remove NAME
      The model catalog (resources/catalog.json): list shows every model with its role, size and whether
      it is installed; pull downloads one (resumable: an interrupted or Ctrl-C'd pull continues where it
      stopped; every file is checked against its sha256 before it is used; the disk space is checked
      first); verify re-hashes the files of one model or of every installed one; remove deletes one.
      Models live in the user data folder (tandem/models), or in TANDEM_MODELS_DIR when set; TANDEM_CATALOG
      names another catalog file. Once pulled, nothing is fetched again. Exit code 0 done, 1 failed
      (a one-line reason), 2 usage, 130 when a pull was stopped (the partial file is kept).
`;

function openStore(): ModelStore {
  return new ModelStore({ catalog: loadCatalog(defaultCatalogPath()) });
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function usage(what: string): TandemError {
  return new TandemError('USAGE', what, 'tandem models', 'Usage: tandem models list | pull NAME | verify [NAME] | remove NAME');
}

export async function modelsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const flag = rest.find((arg) => arg.startsWith('-'));
  if (flag) throw usage(`Unknown option "${flag}"`);
  if (sub === 'list') {
    if (rest.length > 0) throw usage('list takes no arguments');
    return listModels(openStore());
  }
  if (sub === 'pull') {
    if (rest.length !== 1) throw usage('pull needs exactly one model NAME');
    return pullModel(openStore(), rest[0]);
  }
  if (sub === 'verify') {
    if (rest.length > 1) throw usage('verify takes at most one model NAME');
    return verifyModels(openStore(), rest[0]);
  }
  if (sub === 'remove') {
    if (rest.length !== 1) throw usage('remove needs exactly one model NAME');
    const store = openStore();
    const result = await store.remove(rest[0]);
    process.stdout.write(result.removed ? `removed ${result.name} (${mb(result.freedBytes)} freed)\n` : `${result.name} was not installed; nothing to remove\n`);
    return 0;
  }
  throw usage(sub ? `Unknown models command "${sub}"` : 'Missing the models command');
}

async function listModels(store: ModelStore): Promise<number> {
  const entries = await store.list();
  const rows = entries.map((entry) => [
    entry.name,
    entry.role + (entry.default ? ' (default)' : ''),
    (entry.totalBytesKnown ? '' : '≥ ') + mb(entry.totalBytes),
    entry.state === 'partial' ? `partial (${mb(entry.installedBytes)})` : entry.state,
    entry.licence,
  ]);
  const header = ['NAME', 'ROLE', 'SIZE', 'STATE', 'LICENCE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\nmodels folder: ${store.modelsDir}\n`);
  return 0;
}

/** One progress line rewritten in place on a terminal; on a pipe, a plain line per file and per 10 %. */
function progressPrinter(isTty: boolean): (progress: PullProgress) => void {
  let lastTenth = -1;
  let lastFile: string | null = null;
  let lastDrawMs = 0;
  return (progress) => {
    if (progress.phase !== 'downloading') {
      if (isTty && progress.phase === 'done') process.stdout.write('\r\x1b[K');
      return;
    }
    const percent = progress.bytesTotal > 0 ? Math.min(100, (100 * progress.bytesDone) / progress.bytesTotal) : 0;
    const text = `${progress.model}: file ${progress.fileIndex + 1}/${progress.fileCount} ${progress.file}  ${mb(progress.bytesDone)} / ${mb(progress.bytesTotal)} (${percent.toFixed(0)} %)  ${mb(progress.rateBytesPerS)}/s`;
    if (isTty) {
      const nowMs = performance.now();
      if (nowMs - lastDrawMs < 100) return; // redraw at most ten times a second
      lastDrawMs = nowMs;
      process.stdout.write(`\r\x1b[K${text}`);
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (progress.file !== lastFile || tenth !== lastTenth) {
      lastFile = progress.file;
      lastTenth = tenth;
      process.stdout.write(`${text}\n`);
    }
  };
}

async function pullModel(store: ModelStore, name: string): Promise<number> {
  store.model(name); // an unknown name fails before anything else happens
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await store.pull(name, { signal: controller.signal, onProgress: progressPrinter(Boolean(process.stdout.isTTY)) });
    if (result.downloaded.length === 0) {
      process.stdout.write(`${name} is already installed and verified; nothing downloaded (${store.modelDir(name)})\n`);
    } else {
      process.stdout.write(`pulled ${name}: ${result.downloaded.length} file(s) downloaded and verified into ${store.modelDir(name)}\n`);
      if (result.pinned.length > 0) {
        process.stdout.write(`  no published checksum for ${result.pinned.join(', ')}: recorded their sha256 now; later checks compare with it\n`);
      }
    }
    return 0;
  } catch (error) {
    if (isModelStoreError(error, 'CANCELLED')) {
      if (process.stdout.isTTY) process.stdout.write('\n');
      process.stdout.write(`stopped: the partial download is kept in ${store.modelDir(name)}; \`tandem models pull ${name}\` resumes it\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function verifyModels(store: ModelStore, name: string | undefined): Promise<number> {
  const names = name !== undefined ? [store.model(name).name] : (await store.list()).filter((entry) => entry.state !== 'absent').map((entry) => entry.name);
  if (names.length === 0) {
    process.stdout.write('no models installed; nothing to verify\n');
    return 0;
  }
  let allOk = true;
  for (const modelName of names) {
    const result = await store.verify(modelName);
    allOk &&= result.ok;
    process.stdout.write(`${modelName}: ${result.ok ? 'ok' : 'FAILED'}\n`);
    for (const file of result.files) {
      if (file.status === 'ok') continue;
      process.stdout.write(
        file.status === 'missing' ? `  ${file.path}: missing\n` : `  ${file.path}: sha256 ${file.actualSha256}, expected ${file.expectedSha256 ?? '(none recorded)'}\n`,
      );
    }
  }
  if (!allOk) {
    const failed = names.length === 1 ? names[0] : 'NAME';
    throw new TandemError('MODEL_INVALID', 'Verification failed', 'tandem models verify', `Run \`tandem models remove ${failed}\` and \`tandem models pull ${failed}\` to download it again.`);
  }
  return 0;
}
