// Typed, actionable errors: what failed, on which input, and what to do about it.

export type TandemErrorCode =
  | 'SCENARIO_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'WAV_INVALID'
  | 'MEDIA_INVALID'
  | 'MEDIA_TOOL_MISSING'
  | 'MODEL_MISSING'
  | 'MODEL_INVALID'
  | 'CONFIG_INVALID'
  | 'OUTPUT_UNWRITABLE'
  | 'TIMELINE_INVALID'
  | 'USAGE';

export class TandemError extends Error {
  readonly code: TandemErrorCode;
  /** The file, field or option the error is about. */
  readonly where: string;
  /** What the user can do about it. */
  readonly hint: string;

  constructor(code: TandemErrorCode, what: string, where: string, hint: string, options?: { cause?: unknown }) {
    super(`${what} (${where}). ${hint}`, options);
    this.name = 'TandemError';
    this.code = code;
    this.where = where;
    this.hint = hint;
  }
}

export function isTandemError(error: unknown): error is TandemError {
  return error instanceof TandemError;
}
