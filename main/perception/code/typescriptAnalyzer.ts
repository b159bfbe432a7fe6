// Analyzes TypeScript/JavaScript read off the screen with the TypeScript compiler API: one warm language service per
// language (the lib files are parsed once), strict checking with unused locals, plus an AST rule for `=` in a condition.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import ts from 'typescript';
import type { Analysis, AnalyzerIssue } from './analysis';

const FILE_STEM = '/screen/code';

function compilerOptions(javascript: boolean): ts.CompilerOptions {
  return {
    strict: true,
    // Plain JavaScript has no annotations: implicit any is its normal state there, not a finding.
    noImplicitAny: !javascript,
    noUnusedLocals: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    // The DOM lib declares fetch, console, setTimeout…: names code on screen uses without importing them.
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
}

/** Undefined names (2304; 2552 comes with a suggestion). */
const UNDEFINED_NAME_CODES = new Set([2304, 2552]);
const UNUSED_CODES = new Set([6133]);
/** TypeScript's "Did you forget to use 'await'?" related information. */
const FORGOT_AWAIT_CODE = 2773;
/** "This condition will always return true since this 'Promise<…>' is always defined." */
const PROMISE_CONDITION_CODES = new Set([2801]);

class ScreenLanguageService {
  private version = 0;
  private text = '';
  readonly fileName: string;
  private readonly service: ts.LanguageService;
  private readonly libSnapshots = new Map<string, ts.IScriptSnapshot | undefined>();

  constructor(javascript: boolean) {
    this.fileName = `${FILE_STEM}.${javascript ? 'js' : 'ts'}`;
    const options = compilerOptions(javascript);
    const libDir = nodePath.dirname(ts.getDefaultLibFilePath(options));
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [this.fileName],
      getScriptVersion: (fileName) => (fileName === this.fileName ? String(this.version) : '1'),
      getScriptSnapshot: (fileName) => {
        if (fileName === this.fileName) return ts.ScriptSnapshot.fromString(this.text);
        if (!this.libSnapshots.has(fileName)) {
          const text = fs.existsSync(fileName) ? fs.readFileSync(fileName, 'utf8') : undefined;
          this.libSnapshots.set(fileName, text === undefined ? undefined : ts.ScriptSnapshot.fromString(text));
        }
        return this.libSnapshots.get(fileName);
      },
      getCurrentDirectory: () => '/screen',
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (fileName) => fileName === this.fileName || (fileName.startsWith(libDir) && fs.existsSync(fileName)),
      readFile: (fileName) => (fileName === this.fileName ? this.text : fileName.startsWith(libDir) ? fs.readFileSync(fileName, 'utf8') : undefined),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  analyze(text: string): Analysis {
    this.text = text;
    this.version++;
    const program = this.service.getProgram();
    const source = program?.getSourceFile(this.fileName);
    if (!program || !source) return { issues: [], syntaxErrorLines: [] };
    const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
    const syntaxErrorLines = [...new Set(program.getSyntacticDiagnostics(source).map((d) => lineOf(d.start ?? 0)))];
    const checker = program.getTypeChecker();
    const issues: AnalyzerIssue[] = [];
    for (const diagnostic of program.getSemanticDiagnostics(source)) {
      if (diagnostic.start === undefined) continue;
      const node = nodeAt(source, diagnostic.start);
      const issue = issueFromDiagnostic(diagnostic, node, checker, lineOf);
      if (issue) issues.push(issue);
    }
    issues.push(...assignmentsInConditions(source, lineOf));
    return { issues, syntaxErrorLines };
  }
}

function issueFromDiagnostic(diagnostic: ts.Diagnostic, node: ts.Node | null, checker: ts.TypeChecker, lineOf: (pos: number) => number): AnalyzerIssue | null {
  const code = diagnostic.code;
  const rule = `ts:${code}`;
  if (!node) return null;
  if (UNDEFINED_NAME_CODES.has(code) && ts.isIdentifier(node)) {
    // A type name missing from the screen is almost always imported above the view: never a finding.
    if (ts.isTypeReferenceNode(node.parent) || ts.isExpressionWithTypeArguments(node.parent)) return null;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const suggestion = /Did you mean '([^']+)'\?/.exec(message)?.[1] ?? null;
    return { kind: 'undefined_name', rule, line: lineOf(node.getStart()), name: node.text, suggestion };
  }
  if (UNUSED_CODES.has(code) && ts.isIdentifier(node) && ts.isVariableDeclaration(node.parent) && insideFunctionBody(node)) {
    return { kind: 'unused_variable', rule, line: lineOf(node.getStart()), name: node.text, suggestion: null };
  }
  const forgotAwait = PROMISE_CONDITION_CODES.has(code) || (diagnostic.relatedInformation ?? []).some((r) => r.code === FORGOT_AWAIT_CODE);
  if (forgotAwait) {
    const call = unawaitedCallBehind(node, checker);
    if (call) return { kind: 'missing_await', rule, line: lineOf(call.getStart()), name: calleeName(call), suggestion: null };
  }
  return null;
}

/** The innermost node that starts at `pos` (an identifier when the diagnostic points at a name). */
function nodeAt(source: ts.SourceFile, pos: number): ts.Node | null {
  let found: ts.Node | null = null;
  const visit = (node: ts.Node): void => {
    if (pos < node.getStart(source) || pos >= node.getEnd()) return;
    found = node;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

function insideFunctionBody(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return true;
  return false;
}

/**
 * The call whose Promise is used where a value was meant: the node itself when it is a call, or the initializer of
 * the variable the node names (TypeScript reports the use; the fix is an `await` at the call).
 */
function unawaitedCallBehind(node: ts.Node, checker: ts.TypeChecker): ts.CallExpression | null {
  let expression: ts.Node = node;
  while (ts.isParenthesizedExpression(expression.parent)) expression = expression.parent;
  if (ts.isCallExpression(expression)) return expression;
  if (!ts.isIdentifier(node)) return null;
  const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
  return ts.isCallExpression(declaration.initializer) ? declaration.initializer : null;
}

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.getText();
  return 'the call';
}

/** `if (a = b)`, `while (x = next())`: legal, so no compiler error, and almost always a comparison meant. `if ((a = b))` is taken as intended. */
function assignmentsInConditions(source: ts.SourceFile, lineOf: (pos: number) => number): AnalyzerIssue[] {
  const issues: AnalyzerIssue[] = [];
  const check = (condition: ts.Expression | undefined) => {
    if (condition && ts.isBinaryExpression(condition) && condition.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      issues.push({ kind: 'assignment_in_condition', rule: 'tandem:assignment-in-condition', line: lineOf(condition.operatorToken.getStart()), name: null, suggestion: null });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) check(node.expression);
    else if (ts.isForStatement(node)) check(node.condition);
    else if (ts.isConditionalExpression(node)) check(node.condition);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return issues;
}

/** One warm service per language, made on first use and kept (the lib files stay parsed). */
export class TypeScriptAnalyzer {
  private readonly services = new Map<'typescript' | 'javascript', ScreenLanguageService>();

  analyze(text: string, language: 'typescript' | 'javascript'): Analysis {
    let service = this.services.get(language);
    if (!service) {
      service = new ScreenLanguageService(language === 'javascript');
      this.services.set(language, service);
    }
    return service.analyze(text);
  }
}
