// Source files for the codewatch suite: real-looking TypeScript, JavaScript and Python built from snippets, with bugs planted on known lines (or none).

import type { SampleRandom } from './sampleRandom';

export const CODE_LANGUAGES = ['typescript', 'javascript', 'python'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** The kinds of planted bugs, each with the sentence the ground truth records. */
export const BUG_KINDS = {
  assignment_in_condition: '`=` (assignment) used in a condition where a comparison was meant',
  undefined_variable: 'a variable is used that is never defined (a typo of an existing name)',
  unused_variable: 'a local variable is assigned and never used',
  missing_await: 'an async call is used without `await`, so the code works on a Promise/coroutine instead of its result',
  mutable_default_argument: 'a mutable default argument (list/dict) that is shared between calls',
  none_comparison: '`== None` instead of `is None`',
} as const;
export type BugKind = keyof typeof BUG_KINDS;

/** Which kinds can be planted in which language. */
export const BUGS_BY_LANGUAGE: Record<CodeLanguage, readonly BugKind[]> = {
  typescript: ['assignment_in_condition', 'undefined_variable', 'unused_variable', 'missing_await'],
  javascript: ['assignment_in_condition', 'undefined_variable', 'unused_variable', 'missing_await'],
  python: ['mutable_default_argument', 'none_comparison', 'undefined_variable', 'unused_variable', 'missing_await'],
};

/** A planted bug. `line` is the line a fix changes (for a missing await: the call that lacks it), numbered as the editor's gutter shows it. */
export interface PlantedBug {
  line: number;
  kind: BugKind;
  description: string;
}

export interface SourceFile {
  language: CodeLanguage;
  fileName: string;
  /** The file's lines (no trailing newline characters). */
  lines: string[];
  bugs: PlantedBug[];
}

/**
 * Snippet markup (so one template serves TypeScript and JavaScript):
 *   «…»      TypeScript only (type annotations); removed for JavaScript;
 *   a line starting with «TS» is kept only in TypeScript;
 *   ⟨BUG⟩    at the end of a line marks the planted bug's line (removed from the text).
 */
const BUG = '⟨BUG⟩';
const TS_LINE = '«TS»';

interface Snippet {
  id: string;
  supports: readonly BugKind[];
  /** Module-level imports the snippet needs (hoisted to the top of the file). */
  imports?: readonly string[];
  lines: (bug: BugKind | null, rng: SampleRandom) => string[];
}

const TS_SNIPPETS: readonly Snippet[] = [
  {
    id: 'clamp',
    supports: ['assignment_in_condition'],
    lines: (bug, rng) => {
      const name = rng.pick(['clampLevel', 'limitVolume', 'capValue']);
      return [
        `export function ${name}(level«: number», max«: number»)«: number» {`,
        bug === 'assignment_in_condition' ? `  if (level = max) {${BUG}` : '  if (level > max) {',
        '    return max;',
        '  }',
        '  return level;',
        '}',
      ];
    },
  },
  {
    id: 'totalPrice',
    supports: ['undefined_variable'],
    lines: (bug, rng) => {
      const name = rng.pick(['totalPrice', 'orderTotal', 'cartTotal']);
      return [
        `export function ${name}(items«: Array<{ price: number; quantity: number }>»)«: number» {`,
        '  let total = 0;',
        '  for (const item of items) {',
        bug === 'undefined_variable' ? `    total += item.price * quantity;${BUG}` : '    total += item.price * item.quantity;',
        '  }',
        '  return total;',
        '}',
      ];
    },
  },
  {
    id: 'formatName',
    supports: ['unused_variable'],
    lines: (bug) => [
      'export function formatName(first«: string», last«: string»)«: string» {',
      '  const full = `${first} ${last}`.trim();',
      ...(bug === 'unused_variable' ? [`  const initials = \`\${first.charAt(0)}\${last.charAt(0)}\`;${BUG}`] : []),
      '  return full.length > 0 ? full : "(no name)";',
      '}',
    ],
  },
  {
    id: 'loadSettings',
    supports: ['missing_await'],
    lines: (bug) => [
      `${TS_LINE}interface Settings {`,
      `${TS_LINE}  theme: string;`,
      `${TS_LINE}  fontSize: number;`,
      `${TS_LINE}}`,
      `${TS_LINE}`,
      'const DEFAULT_SETTINGS«: Settings» = { theme: "dark", fontSize: 14 };',
      '',
      'async function readText(url«: string»)«: Promise<string>» {',
      '  const response = await fetch(url);',
      '  return response.text();',
      '}',
      '',
      'export async function loadSettings(url«: string»)«: Promise<Settings>» {',
      bug === 'missing_await' ? `  const text = readText(url);${BUG}` : '  const text = await readText(url);',
      '  const parsed = JSON.parse(text);',
      '  return { ...DEFAULT_SETTINGS, ...parsed };',
      '}',
    ],
  },
  {
    id: 'withRetry',
    supports: ['undefined_variable'],
    lines: (bug) => [
      'export async function withRetry«<T>»(task«: () => Promise<T>», attempts«: number»)«: Promise<T>» {',
      '  let lastError«: unknown» = null;',
      bug === 'undefined_variable' ? `  for (let attempt = 0; attempt < attemps; attempt++) {${BUG}` : '  for (let attempt = 0; attempt < attempts; attempt++) {',
      '    try {',
      '      return await task();',
      '    } catch (error) {',
      '      lastError = error;',
      '    }',
      '  }',
      '  throw lastError;',
      '}',
    ],
  },
  {
    id: 'countWords',
    supports: ['unused_variable'],
    lines: (bug) => [
      'export function countWords(text«: string»)«: Map<string, number>» {',
      '  const counts = new Map«<string, number>»();',
      '  const words = text.toLowerCase().split(/\\s+/);',
      ...(bug === 'unused_variable' ? [`  const total = words.length;${BUG}`] : []),
      '  for (const word of words) {',
      '    if (word.length === 0) continue;',
      '    counts.set(word, (counts.get(word) ?? 0) + 1);',
      '  }',
      '  return counts;',
      '}',
    ],
  },
  {
    id: 'findUser',
    supports: ['assignment_in_condition'],
    lines: (bug) => [
      `${TS_LINE}interface User {`,
      `${TS_LINE}  id: string;`,
      `${TS_LINE}  name: string;`,
      `${TS_LINE}}`,
      `${TS_LINE}`,
      'export function findUser(users«: User[]», id«: string»)«: User | undefined» {',
      '  for (const user of users) {',
      bug === 'assignment_in_condition' ? `    if (user.id = id) {${BUG}` : '    if (user.id === id) {',
      '      return user;',
      '    }',
      '  }',
      '  return undefined;',
      '}',
    ],
  },
  {
    id: 'saveAll',
    supports: ['missing_await'],
    lines: (bug) => [
      `${TS_LINE}interface Store {`,
      `${TS_LINE}  save(item: string): Promise<boolean>;`,
      `${TS_LINE}}`,
      `${TS_LINE}`,
      'export async function saveAll(store«: Store», items«: string[]»)«: Promise<number>» {',
      '  let saved = 0;',
      '  for (const item of items) {',
      bug === 'missing_await' ? `    const ok = store.save(item);${BUG}` : '    const ok = await store.save(item);',
      '    if (ok) saved++;',
      '  }',
      '  return saved;',
      '}',
    ],
  },
  {
    id: 'average',
    supports: ['assignment_in_condition'],
    lines: (bug) => [
      'export function average(values«: number[]»)«: number» {',
      bug === 'assignment_in_condition' ? `  if (values.length = 0) {${BUG}` : '  if (values.length === 0) {',
      '    return 0;',
      '  }',
      '  let sum = 0;',
      '  for (const value of values) sum += value;',
      '  return sum / values.length;',
      '}',
    ],
  },
  {
    id: 'counter',
    supports: ['unused_variable'],
    lines: (bug) => [
      'export class Counter {',
      '  «private »count = 0;',
      '',
      '  increment(step«: number» = 1)«: number» {',
      ...(bug === 'unused_variable' ? [`    const previous = this.count;${BUG}`] : []),
      '    this.count += step;',
      '    return this.count;',
      '  }',
      '',
      '  reset()«: void» {',
      '    this.count = 0;',
      '  }',
      '}',
    ],
  },
];

const PY_SNIPPETS: readonly Snippet[] = [
  {
    id: 'add_item',
    supports: ['mutable_default_argument'],
    lines: (bug) =>
      bug === 'mutable_default_argument'
        ? [`def add_item(item, items=[]):${BUG}`, '    items.append(item)', '    return items']
        : ['def add_item(item, items=None):', '    if items is None:', '        items = []', '    items.append(item)', '    return items'],
  },
  {
    id: 'merge_counts',
    supports: ['mutable_default_argument'],
    lines: (bug) => [
      bug === 'mutable_default_argument' ? `def merge_counts(new_counts, totals={}):${BUG}` : 'def merge_counts(new_counts, totals=None):',
      ...(bug === 'mutable_default_argument' ? [] : ['    if totals is None:', '        totals = {}']),
      '    for key, value in new_counts.items():',
      '        totals[key] = totals.get(key, 0) + value',
      '    return totals',
    ],
  },
  {
    id: 'describe_user',
    supports: ['none_comparison'],
    lines: (bug) => [
      'def describe_user(user):',
      bug === 'none_comparison' ? `    if user == None:${BUG}` : '    if user is None:',
      '        return "nobody"',
      '    return f"{user.name} <{user.email}>"',
    ],
  },
  {
    id: 'first_or_default',
    supports: ['none_comparison'],
    lines: (bug) => [
      'def find_first(items, predicate):',
      '    for item in items:',
      '        if predicate(item):',
      '            return item',
      '    return None',
      '',
      '',
      'def first_or_default(items, predicate, default):',
      '    found = find_first(items, predicate)',
      bug === 'none_comparison' ? `    if found == None:${BUG}` : '    if found is None:',
      '        return default',
      '    return found',
    ],
  },
  {
    id: 'average',
    supports: ['undefined_variable'],
    lines: (bug) => [
      'def average(values):',
      '    if not values:',
      '        return 0.0',
      '    total = sum(values)',
      bug === 'undefined_variable' ? `    return totl / len(values)${BUG}` : '    return total / len(values)',
    ],
  },
  {
    id: 'retry',
    supports: ['undefined_variable'],
    imports: ['import time'],
    lines: (bug) => [
      'def retry(task, attempts=3, delay_s=0.5):',
      '    last_error = None',
      '    for attempt in range(attempts):',
      '        try:',
      '            return task()',
      '        except Exception as error:',
      '            last_error = error',
      bug === 'undefined_variable' ? `            time.sleep(delay * (attempt + 1))${BUG}` : '            time.sleep(delay_s * (attempt + 1))',
      '    raise last_error',
    ],
  },
  {
    id: 'load_settings',
    supports: ['unused_variable'],
    lines: (bug) => [
      'def load_settings(path):',
      '    with open(path, encoding="utf-8") as handle:',
      '        lines = handle.read().splitlines()',
      ...(bug === 'unused_variable' ? [`    count = len(lines)${BUG}`] : []),
      '    pairs = [line.split("=", 1) for line in lines if "=" in line]',
      '    return {key.strip(): value.strip() for key, value in pairs}',
    ],
  },
  {
    id: 'inventory',
    supports: ['unused_variable'],
    lines: (bug) => [
      'class Inventory:',
      '    def __init__(self):',
      '        self.items = {}',
      '',
      '    def add(self, name, quantity=1):',
      '        self.items[name] = self.items.get(name, 0) + quantity',
      '        return self.items[name]',
      '',
      '    def remove(self, name):',
      ...(bug === 'unused_variable' ? [`        existing = name in self.items${BUG}`] : []),
      '        return self.items.pop(name, 0)',
    ],
  },
  {
    id: 'fetch_status',
    supports: ['missing_await'],
    lines: (bug) => [
      'async def fetch_status(client, url):',
      bug === 'missing_await' ? `    response = client.get(url)${BUG}` : '    response = await client.get(url)',
      '    response.raise_for_status()',
      '    return response.json()',
    ],
  },
  {
    id: 'fetch_all',
    supports: ['missing_await'],
    imports: ['import asyncio'],
    lines: (bug) => [
      'async def fetch_all(client, urls):',
      '    tasks = [client.get(url) for url in urls]',
      bug === 'missing_await' ? `    responses = asyncio.gather(*tasks)${BUG}` : '    responses = await asyncio.gather(*tasks)',
      '    return [response.status for response in responses]',
    ],
  },
];

const HEADERS: Record<CodeLanguage, readonly string[]> = {
  typescript: ['// Helpers for the settings and account screens.', '// Small utilities shared by the order pages.', '// Data helpers used by the dashboard widgets.'],
  javascript: ['// Helpers for the settings and account screens.', '// Small utilities shared by the order pages.', '// Data helpers used by the dashboard widgets.'],
  python: ['"""Helpers for the reporting jobs."""', '"""Small utilities shared by the command-line tools."""', '"""Data helpers used by the nightly import."""'],
};

const FILE_NAMES: Record<CodeLanguage, readonly string[]> = {
  typescript: ['helpers.ts', 'orders.ts', 'settings.ts', 'accountUtils.ts', 'dashboardData.ts'],
  javascript: ['helpers.js', 'orders.js', 'settings.js', 'accountUtils.js', 'dashboardData.js'],
  python: ['helpers.py', 'orders.py', 'settings.py', 'report_utils.py', 'nightly_import.py'],
};

export interface SourceFileOptions {
  language: CodeLanguage;
  /** Bugs to plant (distinct kinds that the language supports); empty for a clean file. */
  bugKinds: readonly BugKind[];
  /** The file must fit in this many lines (what the editor shows). */
  maxLines: number;
  /** Start with the file's header comment and imports (false for a view scrolled down, which starts mid-file and uses no imports). */
  withHeader: boolean;
}

/**
 * Builds a file: a header comment (optional), hoisted imports, then snippets in random order (one blank line
 * between TypeScript/JavaScript snippets, two between Python ones, as their style guides have it).
 * Each bug kind is planted in its own snippet; snippets are added while the file fits in maxLines.
 */
export function buildSourceFile(options: SourceFileOptions, rng: SampleRandom): SourceFile {
  const { language } = options;
  const family = language === 'python' ? 'py' : 'ts';
  // A scrolled view has the imports above it, where an analyzer reading the screen cannot see them: only snippets without imports.
  const pool = rng.shuffled((family === 'py' ? PY_SNIPPETS : TS_SNIPPETS).filter((s) => options.withHeader || (s.imports ?? []).length === 0));
  const chosen: Array<{ snippet: Snippet; bug: BugKind | null }> = [];
  for (const kind of options.bugKinds) {
    const index = pool.findIndex((s) => s.supports.includes(kind));
    if (index < 0) throw new RangeError(`no ${language} snippet can carry a ${kind} bug`);
    chosen.push({ snippet: pool[index], bug: kind });
    pool.splice(index, 1);
  }
  const separator = family === 'py' ? ['', ''] : [''];
  const header = options.withHeader ? [rng.pick(HEADERS[language]), ''] : [];
  const assemble = (parts: typeof chosen): string[] => {
    const imports = [...new Set(parts.flatMap((p) => p.snippet.imports ?? []))].sort();
    const body = parts.flatMap((p, i) => [...(i > 0 ? separator : []), ...renderSnippet(p.snippet, p.bug, language, rng.fork(`${p.snippet.id}`))]);
    return [...header, ...(imports.length > 0 ? [...imports, ...separator] : []), ...body];
  };
  if (assemble(chosen).length > options.maxLines) throw new RangeError(`the planted bugs need more than ${options.maxLines} lines`);
  // Fill up with clean snippets while they fit, then shuffle so the buggy ones are not always first.
  for (const snippet of pool) {
    const candidate = [...chosen, { snippet, bug: null }];
    if (assemble(candidate).length <= options.maxLines) chosen.push({ snippet, bug: null });
  }
  const ordered = rng.shuffled(chosen);
  const marked = assemble(ordered);
  const bugs: PlantedBug[] = [];
  const lines = marked.map((line, index) => {
    if (!line.endsWith(BUG)) return line;
    const kind = findBugKind(ordered, marked, index);
    bugs.push({ line: index + 1, kind, description: BUG_KINDS[kind] });
    return line.slice(0, -BUG.length);
  });
  if (bugs.length !== options.bugKinds.length) throw new Error(`planted ${bugs.length} bugs, expected ${options.bugKinds.length}`);
  return { language, fileName: rng.pick(FILE_NAMES[language]), lines, bugs };
}

/** Which planted kind a marked line carries: the n-th marked line belongs to the n-th snippet (in file order) that has a bug. */
function findBugKind(ordered: ReadonlyArray<{ bug: BugKind | null }>, marked: readonly string[], index: number): BugKind {
  const nth = marked.slice(0, index).filter((line) => line.endsWith(BUG)).length;
  const kind = ordered.filter((p) => p.bug !== null)[nth]?.bug;
  if (!kind) throw new Error(`a bug marker at line ${index + 1} has no planted kind`);
  return kind;
}

function renderSnippet(snippet: Snippet, bug: BugKind | null, language: CodeLanguage, rng: SampleRandom): string[] {
  const raw = snippet.lines(bug, rng);
  if (language === 'python') return raw;
  const keepTs = language === 'typescript';
  return raw
    .filter((line) => keepTs || !line.startsWith(TS_LINE))
    .map((line) => (line.startsWith(TS_LINE) ? line.slice(TS_LINE.length) : line))
    .map((line) => (keepTs ? line.replace(/[«»]/g, '') : line.replace(/«[^»]*»/g, '')));
}
