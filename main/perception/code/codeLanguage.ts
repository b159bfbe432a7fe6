// Tells TypeScript, JavaScript and Python apart from the text read off the screen (keywords and syntax), or says it is not code.

import type { CodeLanguage } from '../../../common/perception';

const PYTHON_LINE = [
  /^\s*(async\s+)?def\s+\w+\s*\(.*\)\s*(->\s*[\w\[\], .]+)?:\s*$/,
  /^\s*class\s+\w+(\(.*\))?:\s*$/,
  /^\s*(from\s+[\w.]+\s+)?import\s+\w+/,
  /^\s*(if|elif|while|for|with|try|except|else|finally)\b.*:\s*$/,
  /\bself\./,
  /\b(None|True|False)\b/,
  /^\s*return\b[^;{]*$/,
  /^\s*"""/,
];

const SCRIPT_LINE = [
  /\b(function|const|let|var)\s+\w+/,
  /=>/,
  /;\s*$/,
  /^\s*[{}]\s*[;)]?\s*$/,
  /\{\s*$/,
  /^\s*(export|import)\s/,
  /===|!==/,
  /^\s*\/\//,
  /\bthis\./,
];

const TYPESCRIPT_ONLY = [
  /^\s*(export\s+)?(interface|type|enum)\s+\w+/,
  /\)\s*:\s*[\w<>[\]|. ]+\s*(\{|=>)/,
  /\b\w+\s*:\s*(string|number|boolean|void|unknown|any|never)\b/,
  /\b(private|public|protected|readonly)\s+\w+/,
  /<(string|number|boolean|T)\b[^>]*>/,
  /\bas\s+(string|number|const|unknown)\b/,
];

/** The language of the lines, or null when fewer than three lines look like code of one language. */
export function detectCodeLanguage(lines: readonly string[]): CodeLanguage | null {
  let python = 0;
  let script = 0;
  let typescript = 0;
  for (const line of lines) {
    if (line.trim().length === 0) continue;
    if (PYTHON_LINE.some((re) => re.test(line))) python++;
    if (SCRIPT_LINE.some((re) => re.test(line))) script++;
    if (TYPESCRIPT_ONLY.some((re) => re.test(line))) typescript++;
  }
  if (Math.max(python, script) < 3) return null;
  if (python > script) return 'python';
  return typescript > 0 ? 'typescript' : 'javascript';
}
