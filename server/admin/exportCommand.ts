import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../db/store';
import type { FileStore } from '../files/fileStore';
import { exportFilesOf, withBytes } from '../domain/export/attachments';
import { emlFile, emlFileName } from '../domain/export/eml';
import { exportOrganization, type ExportSink, type ExportSummary } from '../domain/export/exporter';
import { csvHeaderRow, csvRow, jsonlLine, jsonlRecordLine, type People } from '../domain/export/formats';
import { AdminError } from './admin.service';

/** The formats `export` writes. */
export const EXPORT_FORMATS = ['jsonl', 'csv', 'eml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What one `export` run wrote, and the cursor for the next run. */
export interface ExportResult extends ExportSummary {
  format: ExportFormat;
  /** The file (jsonl, csv) or folder (eml) written. */
  path: string;
}

/**
 * `export --org NAME --format jsonl|csv|eml --out DIR [--since CURSOR]`: writes the organization's
 * history (or what happened since the cursor of an earlier run) into a new file or folder under DIR
 * named after the run's time, and returns the cursor for the next run. Nothing is overwritten.
 */
export async function runExportCommand(
  store: Store,
  input: {
    org: string;
    format: string;
    outDir: string;
    /** Where attached files' bytes are (EML attaches them). */
    files: FileStore;
    since?: string;
    now?: number;
  },
): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(input.format))
    throw new AdminError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const format = input.format as ExportFormat;
  const now = input.now ?? Date.now();
  mkdirSync(input.outDir, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const path = join(input.outDir, `tributary-export-${stamp}${format === 'eml' ? '' : `.${format}`}`);
  if (existsSync(path)) throw new AdminError(`${path} exists already`);
  // People are known once the run has read the organization; pages arrive after that.
  let people: People = new Map();
  const writer = openWriter({ store, files: input.files }, format, path, () => people);
  try {
    const summary = await exportOrganization(store, {
      org: input.org,
      ...(input.since !== undefined ? { since: input.since } : {}),
      sink: writer.sink,
      now,
      onPeople: (map) => {
        people = map;
      },
    });
    return { ...summary, format, path };
  } catch (error) {
    throw error instanceof AdminError ? error : new AdminError(error instanceof Error ? error.message : String(error));
  } finally {
    writer.close();
  }
}

/** A sink writing one format to disk, synchronously page by page (an export is a batch job). */
function openWriter(
  deps: { store: Store; files: FileStore },
  format: ExportFormat,
  path: string,
  people: () => People,
): { sink: ExportSink; close(): void } {
  if (format === 'eml') {
    mkdirSync(path);
    return {
      sink: {
        messages: async (page) => {
          const files = await exportFilesOf(
            deps.store,
            page.map((item) => item.message.id),
          );
          for (const item of page) {
            const attachments = await withBytes(deps.files, files.get(item.message.id) ?? []);
            writeFileSync(join(path, emlFileName(item)), emlFile(item, people(), attachments), { flag: 'wx' });
          }
        },
      },
      close: () => undefined,
    };
  }
  const fd = openSync(path, 'wx', 0o600);
  if (format === 'csv') writeSync(fd, csvHeaderRow());
  return {
    sink:
      format === 'jsonl'
        ? {
            events: (page) => {
              writeSync(fd, page.map((item) => `${jsonlLine(item, people())}\n`).join(''));
            },
            records: (records) => {
              writeSync(fd, records.map((record) => `${jsonlRecordLine(record, people())}\n`).join(''));
            },
          }
        : {
            messages: async (page) => {
              const files = await exportFilesOf(
                deps.store,
                page.map((item) => item.message.id),
              );
              writeSync(fd, page.map((item) => csvRow(item, people(), files.get(item.message.id))).join(''));
            },
          },
    close: () => closeSync(fd),
  };
}
