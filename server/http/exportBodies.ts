/*
 * The bodies of `GET /api/export` per format (docs/protocol.md#compliance-export-download). JSONL is
 * the file itself, one record per line. CSV and EML are framed (shared/protocol/exportDownload.ts):
 * their records hold line breaks, so the client could not count them from the bytes, and EML is many
 * files. Frames let the progress bar count log entries read, exactly, for every format alike.
 */
import type { ExportDownloadFormat, ExportFrame } from '../../shared/protocol/index';
import type { Store } from '../db/store';
import type { FileStore } from '../files/fileStore';
import { exportFilesOf, withBytes } from '../domain/export/attachments';
import { emlFile, emlFileName } from '../domain/export/eml';
import type { ExportSink } from '../domain/export/exporter';
import { csvHeaderRow, csvRow, jsonlLine, jsonlRecordLine, type People } from '../domain/export/formats';

const frame = (value: ExportFrame): string => `${JSON.stringify(value)}\n`;

/** How one format goes over the wire: its content type, its first bytes and the sink that writes the rest. */
export interface ExportBody {
  contentType: string;
  /** Written right after the headers (CSV: the header row). */
  preamble: string;
  sink: ExportSink;
  /** What the trailer confirms: JSONL lines written, or log entries read (CSV, EML). */
  counted(): number;
}

/**
 * The body of one download. `write` waits while the client is slow and throws once it went away,
 * which stops the run between two pages.
 */
export function exportBody(
  format: ExportDownloadFormat,
  deps: { store: Store; files: FileStore; people: () => People; write: (text: string) => Promise<void> },
): ExportBody {
  const { store, files, people, write } = deps;
  let counted = 0;
  if (format === 'jsonl')
    return {
      contentType: 'application/x-ndjson; charset=utf-8',
      preamble: '',
      counted: () => counted,
      sink: {
        events: async (page) => {
          await write(page.map((item) => `${jsonlLine(item, people())}\n`).join(''));
          counted += page.length;
        },
        records: async (records) => {
          await write(records.map((record) => `${jsonlRecordLine(record, people())}\n`).join(''));
          counted += records.length;
        },
      },
    };
  // a page's `read` frame goes before its messages: progress moves while attachments are read
  const events: ExportSink['events'] = async (page) => {
    await write(frame({ read: page.length }));
    counted += page.length;
  };
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    preamble: format === 'csv' ? frame({ csv: csvHeaderRow() }) : '',
    counted: () => counted,
    sink:
      format === 'csv'
        ? {
            events,
            messages: async (page) => {
              const attached = await exportFilesOf(
                store,
                page.map((item) => item.message.id),
              );
              await write(
                frame({ csv: page.map((item) => csvRow(item, people(), attached.get(item.message.id))).join('') }),
              );
            },
          }
        : {
            events,
            messages: async (page) => {
              const attached = await exportFilesOf(
                store,
                page.map((item) => item.message.id),
              );
              for (const item of page) {
                const attachments = await withBytes(files, attached.get(item.message.id) ?? []);
                await write(frame({ eml: emlFileName(item), data: emlFile(item, people(), attachments) }));
              }
            },
          },
  };
}
