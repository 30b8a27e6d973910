/*
 * A message's versions from its stored edits. The server keeps, for each edit, the body it replaced
 * with who edited and when; this turns that into "version N: body, since when, by whom", oldest first.
 */

/** One stored edit: the body it replaced, and who replaced it when. */
export interface StoredEdit {
  previousBody: string;
  editorId: string;
  editedAt: number;
}

/** One version of a message: its body from `at` on, as written by `editorId`. */
export interface Version {
  body: string;
  editorId: string;
  at: number;
}

/** Every version of a message, oldest first; the last one is its current body. */
export function versionsOf(
  message: { body: string; authorId: string; createdAt: number },
  edits: readonly StoredEdit[],
): Version[] {
  const versions: Version[] = [];
  let editorId = message.authorId;
  let at = message.createdAt;
  for (const edit of edits) {
    versions.push({ body: edit.previousBody, editorId, at });
    editorId = edit.editorId;
    at = edit.editedAt;
  }
  versions.push({ body: message.body, editorId, at });
  return versions;
}
