// Judges what the analyzers said about code read off the screen: findings about a fragment's off-screen context are
// dropped, findings on lines (or names) that read badly are held back, and the rest become short sayable findings.

import type { CodeFinding, CodeLanguage } from '../../../common/perception';
import type { Analysis, AnalyzerIssue } from './analysis';
import type { CodeLayout, ReadLine } from './screenLayout';

export interface FindingPolicy {
  /** A finding on a line whose mean word confidence is below this (0..100) is held back. */
  minLineConfidence: number;
  /** …or when the word that holds the name it is about read below this. */
  minWordConfidence: number;
}

export const DEFAULT_FINDING_POLICY: Readonly<FindingPolicy> = Object.freeze({ minLineConfidence: 80, minWordConfidence: 85 });

export interface JudgedFindings {
  findings: CodeFinding[];
  heldBack: number;
}

const KEYWORDS = new Set(
  'abstract and as async await break case catch class const continue def default del delete do elif else enum except export extends false finally for from function global if implements import in instanceof interface is lambda let new none nonlocal not null of or pass private protected public raise readonly return self static super switch this throw true try type typeof undefined var void while with yield'.split(' '),
);

/** Optimal string alignment distance (Levenshtein with adjacent transpositions: `attemps`/`attempts` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Folds the characters OCR confuses (l/1/I/|, O/0, rn/m, S/5, case) so a misread and its original compare equal. */
function ocrFold(name: string): string {
  return name
    .replace(/rn/g, 'm')
    .toLowerCase()
    .replace(/[1|i]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/5/g, 's');
}

/** Every word-like token on screen (a misread `1d` included, so it can be recognised as `id`), with its count. */
function identifiersOf(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/[\w$]*[A-Za-z_$][\w$]*/g)) {
    const name = match[0];
    if (KEYWORDS.has(name.toLowerCase())) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The name on screen that `name` is probably a typo of, or null. */
function closestName(name: string, onScreen: ReadonlyMap<string, number>): string | null {
  if (name.length < 3) return null;
  const limit = name.length >= 5 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of onScreen.keys()) {
    if (candidate === name || candidate.length < 3 || /^\d/.test(candidate) || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Another token on screen that OCR could have made from the same name (or the name with its underscores read as spaces). */
function hasMisreadTwin(name: string, others: ReadonlyMap<string, number>, text: string): boolean {
  const folded = ocrFold(name);
  for (const other of others.keys()) if (ocrFold(other) === folded) return true;
  if (name.includes('_')) {
    const flexible = new RegExp(name.split('_').filter(Boolean).join('[ _]*'), 'g');
    const variants = [...text.matchAll(flexible)].filter((m) => m[0] !== name);
    if (variants.length > 0) return true;
  }
  return false;
}

/** `if (a = b)` said only when the `=` was read as a word of its own, confidently, between two operands (`=-` is a misread `===`). */
function assignmentReadCleanly(line: ReadLine, policy: FindingPolicy): boolean {
  const index = line.words.findIndex((w) => w.text === '=');
  if (index <= 0 || index >= line.words.length - 1) return false;
  const next = line.words[index + 1].text;
  return line.words[index].confidence >= policy.minWordConfidence && /^[\w$.]/.test(next) && !/[=!<>]$/.test(line.words[index - 1].text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** True when a later line on screen is indented less than line `index`: the block the line is in ends on screen. */
function blockEndsOnScreen(lines: readonly ReadLine[], index: number): boolean {
  const indent = indentOf(lines[index].text);
  return lines.slice(index + 1).some((l) => l.text.trim().length > 0 && indentOf(l.text) < indent);
}

/** The word of the line that holds `name` (OCR may have glued it to punctuation). */
function wordHolding(line: ReadLine, name: string): { confidence: number } | null {
  const exact = new RegExp(`(^|[^\\w$])${name.replace(/[$]/g, '\\$')}($|[^\\w$])`);
  return line.words.find((w) => exact.test(w.text)) ?? line.words.find((w) => w.text.includes(name)) ?? null;
}

function message(issue: AnalyzerIssue, language: CodeLanguage, lineNumber: number, suggestion: string | null): string {
  const at = `line ${lineNumber}: `;
  switch (issue.kind) {
    case 'assignment_in_condition':
      return `${at}\`=\` in the condition, did you mean \`===\`?`;
    case 'undefined_name':
      return suggestion ? `${at}\`${issue.name}\` is not defined — did you mean \`${suggestion}\`?` : `${at}\`${issue.name}\` is not defined`;
    case 'unused_variable':
      return `${at}\`${issue.name}\` is never used`;
    case 'missing_await':
      return language === 'python' ? `${at}\`${issue.name}\` returns an awaitable, \`await\` it` : `${at}\`${issue.name}\` returns a Promise, \`await\` it`;
    case 'mutable_default':
      return `${at}a mutable default argument is shared between calls, default to \`None\``;
    case 'none_comparison':
      return `${at}compare with \`is None\`, not \`== None\``;
  }
}

/**
 * Turns analyzer issues into findings. A fragment (a view not starting at line 1) may use names defined above the
 * view, so an undefined name is only said when it is a near-miss of a name on screen (a typo) or the view shows the
 * top of the file; an unused local only when its block ends on screen (its uses cannot be below the view).
 */
export function judgeIssues(analysis: Analysis, layout: CodeLayout, language: CodeLanguage, frame: { width: number; height: number }, policy: FindingPolicy = DEFAULT_FINDING_POLICY): JudgedFindings {
  const text = layout.lines.map((l) => l.text).join('\n');
  const names = identifiersOf(text);
  const undefinedNames = analysis.issues.filter((i) => i.kind === 'undefined_name' && i.name).map((i) => i.name as string);
  const syntaxLines = new Set(analysis.syntaxErrorLines);
  const topOfFileVisible = layout.gutter && layout.firstLine === 1;
  const findings: CodeFinding[] = [];
  const seen = new Set<string>();
  let heldBack = 0;
  for (const issue of analysis.issues) {
    const line = layout.lines[issue.line - 1];
    if (!line || line.text.trim().length === 0) continue;
    let suggestion: string | null = null;
    if (issue.kind === 'undefined_name') {
      const name = issue.name ?? '';
      const others = new Map(names);
      others.delete(name);
      if (hasMisreadTwin(name, others, text)) {
        // `attempts` read as `atternpts` somewhere, `id` as `1d`, `DEFAULT_SETTINGS` as `DEFAULT SETTINGS`: the screen is
        // right, the reading is not.
        heldBack++;
        continue;
      }
      suggestion = closestName(name, others);
      const knownAsProperty = new RegExp(`(\\.${name}\\b|\\b${name}\\s*:)`).test(text);
      if (!suggestion && !topOfFileVisible && !knownAsProperty) continue;
    }
    if (issue.kind === 'unused_variable') {
      const name = issue.name ?? '';
      // `total` unused next to an undefined `totl`: one typo, said once, where the fix goes.
      if (undefinedNames.some((u) => editDistance(u, name) <= (name.length >= 5 ? 2 : 1))) continue;
      if (!blockEndsOnScreen(layout.lines, issue.line - 1)) continue;
    }
    if (issue.kind === 'assignment_in_condition' && !assignmentReadCleanly(line, policy)) {
      heldBack++;
      continue;
    }
    if ((analysis.healedLines ?? []).some((h) => Math.abs(h.line - issue.line) <= 1 || (issue.name !== null && new RegExp(`\\b${escapeRegExp(issue.name)}\\b`).test(h.text)))) {
      heldBack++;
      continue;
    }
    const word = issue.name ? wordHolding(line, issue.name.split('.').pop() ?? issue.name) : null;
    // A parse error anywhere (a brace not read, a string cut short) can move every scope after it: what is said about
    // names then depends on the misread, not on the code.
    const scopeDependent = issue.kind === 'undefined_name' || issue.kind === 'unused_variable' || issue.kind === 'missing_await';
    const readBadly =
      syntaxLines.has(issue.line) ||
      (scopeDependent && syntaxLines.size > 0) ||
      line.repaired ||
      line.confidence < policy.minLineConfidence ||
      /[^\x20-\x7E]/.test(line.text) ||
      (issue.name !== null && issue.kind !== 'missing_await' && (word === null || word.confidence < policy.minWordConfidence));
    if (readBadly) {
      heldBack++;
      continue;
    }
    const id = `${issue.rule}|${issue.name ?? ''}|${line.text.trim().replace(/\s+/g, ' ')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    findings.push({
      id,
      line: line.number,
      message: message(issue, language, line.number, suggestion),
      rule: issue.rule,
      language,
      lineText: line.text,
      box: line.box,
      frameWidth: frame.width,
      frameHeight: frame.height,
      ocrConfidence: Math.round(line.confidence * 10) / 10,
    });
  }
  findings.sort((a, b) => a.line - b.line || a.id.localeCompare(b.id));
  return { findings, heldBack };
}
