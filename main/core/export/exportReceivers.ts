/*
 * Where a download's body goes, per format (docs/protocol.md#compliance-export-download): JSONL is
 * the file itself; CSV and EML arrive as frames, one JSON document per line, that this writes into
 * the CSV file or one .eml file per message. Everything goes to `<path>.part` (a file, or a folder
 * for EML) and is renamed to `<path>` only by `finish`, so a download that did not complete leaves
 * nothing that looks like an export.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_EML_NAME, exportFrameSchema, type ExportDownloadFormat } from '../../../shared/protocol/index';

export interface ExportReceiver {
  /** Takes the next bytes of the body; resolves when they are written (the caller pauses meanwhile). */
  accept(chunk: Buffer): Promise<void>;
  /** Records (JSONL lines) or log entries (CSV, EML `read` frames) received so far: the progress bar's count. */
  counted(): number;
  /** Closes and renames `<path>.part` to `<path>`; throws when the body ended inside a frame. */
  finish(): Promise<void>;
  /** Removes whatever was written. */
  discard(): void;
}

const partOf = (path: string) => `${path}.part`;

/** A write stream for a part file; its errors reach the writer through `written`'s callback, not as events. */
function partFile(path: string): WriteStream {
  return createWriteStream(path, { mode: 0o600 }).on('error', () => undefined);
}

/** Waits for a write stream to take more. */
function written(file: WriteStream, chunk: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = file.write(chunk, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else file.once('drain', resolve);
  });
}

const closed = (file: WriteStream) =>
  new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));

/** JSONL: the bytes as they come, one record per line, so counting newlines is counting records. */
function jsonlReceiver(path: string): ExportReceiver {
  const file = partFile(partOf(path));
  let count = 0;
  return {
    accept: async (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
      await written(file, chunk);
    },
    counted: () => count,
    finish: async () => {
      await closed(file);
      renameSync(partOf(path), path);
    },
    discard: () => {
      file.destroy();
      rmSync(partOf(path), { force: true });
      // destroyed before it was open: the file appears after this, and goes when the stream closes
      file.once('close', () => rmSync(partOf(path), { force: true }));
    },
  };
}

/** CSV and EML: frames split at newlines (JSON text never holds a raw one), checked, then written. */
function framedReceiver(format: 'csv' | 'eml', path: string): ExportReceiver {
  const part = partOf(path);
  let file: WriteStream | null = null;
  if (format === 'eml') mkdirSync(part, { mode: 0o700 });
  else file = partFile(part);
  let rest: Buffer[] = [];
  let count = 0;
  const take = async (line: string) => {
    const parsed = exportFrameSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error('the server sent something that is not an export frame');
    const frame = parsed.data;
    if ('read' in frame) count += frame.read;
    else if ('csv' in frame && file) await written(file, frame.csv);
    else if ('eml' in frame && format === 'eml' && EXPORT_EML_NAME.test(frame.eml))
      await writeFile(join(part, frame.eml), frame.data, { flag: 'wx', mode: 0o600 });
    else throw new Error(`the server sent a frame that does not belong in a ${format} export`);
  };
  return {
    accept: async (chunk) => {
      let start = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
        const line = Buffer.concat([...rest, chunk.subarray(start, i)]).toString('utf8');
        rest = [];
        start = i + 1;
        if (line !== '') await take(line);
      }
      if (start < chunk.length) rest.push(chunk.subarray(start));
    },
    counted: () => count,
    finish: async () => {
      if (rest.length > 0) throw new Error('the export ended inside a frame');
      if (file) await closed(file);
      renameSync(part, path);
    },
    discard: () => {
      file?.destroy();
      rmSync(part, { recursive: true, force: true });
      file?.once('close', () => rmSync(part, { force: true }));
    },
  };
}

/** The receiver of one download into `path` (a file; a folder of .eml files for EML). */
export function exportReceiver(format: ExportDownloadFormat, path: string): ExportReceiver {
  return format === 'jsonl' ? jsonlReceiver(path) : framedReceiver(format, path);
}
