import type { ApiError } from '../../shared/protocol';

/** A refusal a fake handler throws; the FakeApi answers it as the core's IPC error. */
export class FakeError extends Error {
  constructor(readonly ipc: ApiError) {
    super(ipc.message);
  }
}
