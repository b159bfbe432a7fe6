// Analyzes Python read off the screen with ruff (the Rust linter compiled to wasm, in-process): undefined names, unused
// locals, `== None`, mutable defaults, and async functions that never await (mapped to the call that lacks the await).

import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import type { Analysis, AnalyzerIssue, IssueKind } from './analysis';

/** ruff reports rule names; these are the ones with a precise, sayable meaning. */
const RULES: Record<string, { kind: IssueKind; code: string }> = {
  'undefined-name': { kind: 'undefined_name', code: 'F821' },
  'unused-variable': { kind: 'unused_variable', code: 'F841' },
  'none-comparison': { kind: 'none_comparison', code: 'E711' },
  'mutable-argument-default': { kind: 'mutable_default', code: 'B006' },
  // A preview rule (RUF029): `async def` whose body never awaits. Its fix is an `await` at a call inside.
  'unused-async': { kind: 'missing_await', code: 'RUF029' },
};

interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
}

export class PythonAnalyzer {
  private readonly workspace = new Workspace({ preview: true, lint: { select: Object.values(RULES).map((r) => r.code) } }, PositionEncoding.Utf16);

  analyze(text: string): Analysis {
    const diagnostics = this.workspace.check(text) as RuffDiagnostic[];
    const lines = text.split('\n');
    const issues: AnalyzerIssue[] = [];
    const syntaxErrorLines: number[] = [];
    for (const d of diagnostics) {
      const line = d.start_location.row;
      const rule = d.code ? RULES[d.code] : undefined;
      if (!rule) {
        // ruff reports a file it cannot parse as `invalid-syntax` (code null in some versions) and lints nothing else.
        if (d.code === null || d.code === 'invalid-syntax' || /syntax/i.test(d.code)) syntaxErrorLines.push(line);
        continue;
      }
      const name = /`([^`]+)`/.exec(d.message)?.[1] ?? null;
      if (rule.kind === 'missing_await') {
        const call = unawaitedCallIn(lines, line);
        if (call) issues.push({ kind: 'missing_await', rule: `ruff:${rule.code}`, line: call.line, name: call.callee, suggestion: null });
        continue;
      }
      issues.push({ kind: rule.kind, rule: `ruff:${rule.code}`, line, name, suggestion: null });
    }
    return { issues, syntaxErrorLines };
  }

  dispose(): void {
    this.workspace.free();
  }
}

/**
 * In an `async def` that never awaits (line `defLine`), the statement that should: the first `name = call(...)` in its
 * body whose result is used afterwards. Only a plain assignment from a call counts; anything else is not said.
 */
function unawaitedCallIn(lines: readonly string[], defLine: number): { line: number; callee: string } | null {
  const header = lines[defLine - 1] ?? '';
  const indent = header.length - header.trimStart().length;
  for (let i = defLine; i < lines.length; i++) {
    const text = lines[i];
    if (text.trim().length === 0) continue;
    if (text.length - text.trimStart().length <= indent) break;
    const match = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_][\w.]*)\s*\(/.exec(text);
    if (!match) continue;
    const [, variable, callee] = match;
    const usedLater = lines.slice(i + 1).some((later) => new RegExp(`\\b${variable}\\b`).test(later));
    if (usedLater) return { line: i + 1, callee };
  }
  return null;
}
