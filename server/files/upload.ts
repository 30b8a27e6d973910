/*
 * Receiving one upload: the body streams into the FileStore while it is counted against the limit
 * (a client may send more than it declared only by breaking HTTP, but it may stop short), its first
 * bytes tell its type, and a preview-type image is kept in memory for its thumbnail.
 */
import type { IncomingMessage } from 'node:http';
import type { FileStore } from './fileStore';
import { detectMime, inspectImage, PREVIEW_MIME_TYPES, SNIFF_BYTES, type ImageInfo } from './inspect';
import { thumbnailKey } from './janitor';

/** Largest image kept in memory for a thumbnail; a larger one is stored without a preview. */
const MAX_PREVIEW_INPUT_BYTES = 50 * 1024 * 1024;

export interface ReceivedUpload {
  size: number;
  mime: string;
  /** Set for an image we could decode; its thumbnail is then stored under the thumbnail key. */
  image: ImageInfo | null;
}

/**
 * Stores the request body under `key` and inspects it. Throws `tooLarge()` as soon as more than
 * `maxBytes` arrived and `incomplete()` when the body ends short of `declared`; nothing stays stored
 * after a throw.
 */
export async function receiveUpload(
  req: IncomingMessage,
  files: FileStore,
  key: string,
  declared: number,
  maxBytes: number,
  tooLarge: () => Error,
  incomplete: () => Error,
): Promise<ReceivedUpload> {
  let received = 0;
  let mime: string | null = null;
  let kept: Buffer[] | null = [];
  const head: Buffer[] = [];
  let headBytes = 0;

  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      received += buf.length;
      if (received > maxBytes || received > declared) throw tooLarge();
      if (mime === null) {
        head.push(buf);
        headBytes += buf.length;
        if (headBytes >= SNIFF_BYTES) mime = await detectMime(Buffer.concat(head).subarray(0, SNIFF_BYTES));
      }
      if (kept && ((mime !== null && !PREVIEW_MIME_TYPES.has(mime)) || received > MAX_PREVIEW_INPUT_BYTES)) kept = null;
      kept?.push(buf);
      yield buf;
    }
    if (received < declared) throw incomplete();
  }

  const size = await files.put(key, counted());
  mime ??= size === 0 ? 'application/octet-stream' : await detectMime(Buffer.concat(head));
  const image = kept ? await inspectImage(Buffer.concat(kept), mime) : null;
  if (image) {
    try {
      await files.put(thumbnailKey(key), [image.thumbnail]);
    } catch (error) {
      await files.delete(key);
      throw error;
    }
  }
  return { size, mime, image };
}
