// Typed errors of the model store: each says what failed, on which model, file or URL, and which command fixes it.

import { TandemError, type TandemErrorCode } from '../../../common/errors';

export type ModelStoreFailure =
  | 'CATALOG_INVALID'
  | 'UNKNOWN_MODEL'
  | 'NOT_INSTALLED'
  | 'CORRUPT'
  | 'CHECKSUM_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'NO_DISK_SPACE'
  | 'DOWNLOAD_FAILED'
  | 'DOWNLOAD_STALLED'
  | 'REDIRECT_REFUSED'
  | 'BUSY'
  | 'CANCELLED'
  | 'STORE_UNWRITABLE';

/** The shared error code each failure is reported under (the CLI turns TandemErrors into exit code 1). */
const TANDEM_CODE: Record<ModelStoreFailure, TandemErrorCode> = {
  CATALOG_INVALID: 'CONFIG_INVALID',
  UNKNOWN_MODEL: 'MODEL_MISSING',
  NOT_INSTALLED: 'MODEL_MISSING',
  CORRUPT: 'MODEL_INVALID',
  CHECKSUM_MISMATCH: 'MODEL_INVALID',
  SIZE_MISMATCH: 'MODEL_INVALID',
  NO_DISK_SPACE: 'OUTPUT_UNWRITABLE',
  DOWNLOAD_FAILED: 'MODEL_MISSING',
  DOWNLOAD_STALLED: 'MODEL_MISSING',
  REDIRECT_REFUSED: 'MODEL_MISSING',
  BUSY: 'MODEL_MISSING',
  CANCELLED: 'MODEL_MISSING',
  STORE_UNWRITABLE: 'OUTPUT_UNWRITABLE',
};

export class ModelStoreError extends TandemError {
  /** What went wrong, finer than the shared code: callers (the settings UI, loaders) branch on this. */
  readonly failure: ModelStoreFailure;
  /** True for what may go away on its own (a dropped connection, a stall, a server error): the store retries those. */
  readonly retryable: boolean;

  constructor(failure: ModelStoreFailure, what: string, where: string, hint: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(TANDEM_CODE[failure], what, where, hint, options);
    this.name = 'ModelStoreError';
    this.failure = failure;
    this.retryable = options?.retryable ?? false;
  }
}

export function isModelStoreError(error: unknown, failure?: ModelStoreFailure): error is ModelStoreError {
  return error instanceof ModelStoreError && (failure === undefined || error.failure === failure);
}
