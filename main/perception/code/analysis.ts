// What the analyzers report about code read off the screen, before it is judged (fragment, OCR quality) and worded.

/** The problems the watcher can explain in a sentence. */
export type IssueKind = 'assignment_in_condition' | 'undefined_name' | 'unused_variable' | 'missing_await' | 'mutable_default' | 'none_comparison';

export interface AnalyzerIssue {
  kind: IssueKind;
  /** Analyzer and rule, e.g. `ts:2304`, `ruff:F821`, `tandem:assignment-in-condition`. */
  rule: string;
  /** 1-based line in the analyzed text (the text's line i is the screen's line firstLine + i − 1). */
  line: number;
  /** The name involved (the undefined or unused name, the function that returns a Promise), when there is one. */
  name: string | null;
  /** For an undefined name: the analyzer's own suggestion, if any. */
  suggestion: string | null;
}

export interface Analysis {
  issues: AnalyzerIssue[];
  /** Lines the parser could not make sense of: anything said about them may be a misread. */
  syntaxErrorLines: number[];
  /** Lines blanked so that the rest would parse (see readCode's healing): names on them are unknown. */
  healedLines?: Array<{ line: number; text: string }>;
}
