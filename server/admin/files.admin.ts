/*
 * The organization's file upload limit from the admin CLI (`set-file-limit`): one unit of work with its
 * audit record (`org.file_limit`, with the previous value). Clients learn the new limit at their next
 * `hello` (and before sign-in from GET /api/info); the server enforces it from the next upload.
 */
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/protocol/index';
import type { Store } from '../db/store';
import { AdminError } from './admin.service';

const MB = 1024 * 1024;
/** The largest limit the CLI sets: 2 GB, beyond which a chat is the wrong place for a file. */
export const MAX_FILE_LIMIT_MB = 2048;

/** Sets the organization's limit in whole megabytes (`mb` null: back to the default, 25 MB). */
export async function setFileLimit(
  store: Store,
  input: { org: string; mb: number | null },
): Promise<{ maxFileBytes: number; previous: number }> {
  if (input.mb !== null && !(Number.isInteger(input.mb) && input.mb >= 1 && input.mb <= MAX_FILE_LIMIT_MB))
    throw new AdminError(`--mb must be a whole number of megabytes from 1 to ${MAX_FILE_LIMIT_MB} (or use --default)`);
  return store.withTransaction(async (tx) => {
    const org = await tx.orgs.getByName(input.org);
    if (!org) throw new AdminError(`no organization named ${input.org}`);
    const previous = await tx.files.maxFileBytes(org.id);
    const bytes = input.mb === null ? null : input.mb * MB;
    await tx.files.setMaxFileBytes(org.id, bytes);
    await tx.audit.insert({
      at: Date.now(),
      orgId: org.id,
      actorId: null,
      action: 'org.file_limit',
      target: org.id,
      detail: { maxFileBytes: bytes ?? DEFAULT_MAX_FILE_BYTES, previous, via: 'admin-cli' },
    });
    return { maxFileBytes: bytes ?? DEFAULT_MAX_FILE_BYTES, previous };
  });
}
