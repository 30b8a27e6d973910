import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  apiErrorSchema,
  EXPORT_COMPLETE_TRAILER,
  EXPORT_CURSOR_HEADER,
  EXPORT_DOWNLOAD_PATH,
  EXPORT_TOTAL_HEADER,
  ProtocolError,
  type ExportDownloadFormat,
} from '../../../shared/protocol/index';
import { exportReceiver, type ExportReceiver } from './exportReceivers';

/** What a completed download wrote and the cursor to keep for the next one. */
export interface DownloadedExport {
  records: number;
  cursor: string;
}

/** How often progress is reported at most while bytes arrive (the last report always goes out). */
const PROGRESS_EVERY_MS = 100;

/** The server's JSON error of a refused download, as a ProtocolError (else UNAVAILABLE with the status). */
async function refusal(res: IncomingMessage): Promise<ProtocolError> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: unknown };
    const error = apiErrorSchema.safeParse(body.error);
    if (error.success) return ProtocolError.from(error.data);
  } catch {
    // not our JSON: a proxy's page
  }
  return new ProtocolError('UNAVAILABLE', `the server answered ${res.statusCode ?? 'nothing'}`);
}

/**
 * Downloads the compliance export (docs/protocol.md#compliance-export-download) into `path` (a file;
 * for EML a new folder of one .eml per message). The bytes go to `path.part` first and are renamed
 * only when the trailer confirms everything announced arrived, so an interrupted download leaves
 * neither a file that looks complete nor a cursor: the caller keeps the returned cursor, and a cut or
 * cancelled download throws (UNAVAILABLE).
 */
export function downloadExport(input: {
  serverUrl: string;
  token: string;
  format: ExportDownloadFormat;
  since: string | null;
  path: string;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}): Promise<DownloadedExport> {
  const url = new URL(EXPORT_DOWNLOAD_PATH, input.serverUrl);
  url.searchParams.set('format', input.format);
  if (input.since !== null) url.searchParams.set('since', input.since);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<DownloadedExport>((resolve, reject) => {
    let settled = false;
    let receiver: ExportReceiver | null = null;
    let pending = Promise.resolve();
    const fail = (error: ProtocolError) => {
      if (settled) return;
      settled = true;
      req.destroy();
      receiver?.discard();
      // a write in flight may land after that: discard again once it settled
      const again = () => receiver?.discard();
      void pending.then(again, again);
      reject(error);
    };
    const onAbort = () => fail(new ProtocolError('UNAVAILABLE', 'the export was cancelled'));
    input.signal.addEventListener('abort', onAbort, { once: true });
    const req = send(url, { headers: { authorization: `Bearer ${input.token}` } }, (res) => {
      if (res.statusCode !== 200) {
        void refusal(res).then(fail, () => fail(new ProtocolError('UNAVAILABLE', 'the download failed')));
        return;
      }
      const total = Number(res.headers[EXPORT_TOTAL_HEADER]);
      const cursor = res.headers[EXPORT_CURSOR_HEADER];
      if (!Number.isInteger(total) || total < 0 || typeof cursor !== 'string')
        return fail(new ProtocolError('UNAVAILABLE', 'the server did not announce the export'));
      let into: ExportReceiver;
      try {
        into = receiver = exportReceiver(input.format, input.path);
      } catch (error) {
        return fail(new ProtocolError('INTERNAL', `cannot write ${input.path}: ${String(error)}`));
      }
      const cannotWrite = (error: unknown) =>
        fail(
          new ProtocolError(
            'INTERNAL',
            `cannot write ${input.path}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      let reportedAt = 0;
      input.onProgress(0, total);
      res.on('data', (chunk: Buffer) => {
        // one chunk at a time: the next waits until this one is written (backpressure to the server)
        res.pause();
        pending = pending
          .then(() => into.accept(chunk))
          .then(() => {
            if (settled) return;
            const now = Date.now();
            if (now - reportedAt >= PROGRESS_EVERY_MS) {
              reportedAt = now;
              input.onProgress(into.counted(), total);
            }
            res.resume();
          }, cannotWrite);
      });
      res.on('error', () => fail(new ProtocolError('UNAVAILABLE', 'the download was cut off; nothing was kept')));
      res.on('close', () => {
        if (!res.complete) fail(new ProtocolError('UNAVAILABLE', 'the download was cut off; nothing was kept'));
      });
      res.on('end', () => {
        void pending.then(async () => {
          if (settled) return;
          const done = into.counted();
          const confirmed = res.trailers[EXPORT_COMPLETE_TRAILER];
          if (confirmed !== String(total) || done !== total)
            return fail(new ProtocolError('UNAVAILABLE', 'the download ended early; nothing was kept'));
          try {
            await into.finish();
          } catch (error) {
            return cannotWrite(error);
          }
          if (settled) return;
          settled = true;
          input.signal.removeEventListener('abort', onAbort);
          input.onProgress(done, total);
          resolve({ records: done, cursor });
        });
      });
    });
    req.on('error', (error) => fail(new ProtocolError('UNAVAILABLE', `cannot reach the server: ${error.message}`)));
    req.end();
  });
}
