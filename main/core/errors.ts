import type { ErrorCode } from '../../shared/protocol/errors';
import type { IpcError } from '../../shared/ipc/contract';

/** An error a channel handler throws on purpose; `invoke` turns it into `{ok:false, error}`. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }

  /** The IPC shape of this error. */
  toIpc(): IpcError {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}
