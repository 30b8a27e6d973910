import { ProtocolError, type ExportDownloadFormat } from '../../../shared/protocol/index';
import type { ExportProgress, ExportState } from '../../../shared/ipc/compliance';
import type { Account } from '../account';
import { getAccountValue, setAccountValue } from '../cache/directory';
import { downloadExport } from './downloadExport';

/**
 * Account values: the cursor and time of this account's last completed console export, per format
 * (JSONL keeps the names from before CSV and EML came to the console).
 */
const cursorKey = (format: ExportDownloadFormat) => (format === 'jsonl' ? 'exportCursor' : `exportCursor.${format}`);
const cursorAtKey = (format: ExportDownloadFormat) =>
  format === 'jsonl' ? 'exportCursorAt' : `exportCursorAt.${format}`;

/** Asks where to save a download (the desktop's save dialog; the browser host's downloads folder); null: cancelled. */
export type ChooseExportFile = (suggestedName: string) => Promise<string | null>;

/**
 * The compliance console's export downloads (docs/governance.md#export-from-the-console): one at a
 * time per app, progress pushed as `export:progress`. The cursor for "since last export" is kept per
 * account and format, and advanced only by a download that completed.
 */
export class ExportDownloads {
  private running: { progress: ExportProgress; abort: AbortController } | null = null;

  constructor(
    private readonly deps: {
      emit: (progress: ExportProgress) => void;
      chooseFile: ChooseExportFile;
      now?: () => number;
    },
  ) {}

  /** Whether this account has a cursor to export since in this format, and the download in progress if any. */
  state(account: Account, format: ExportDownloadFormat): ExportState {
    const at = getAccountValue(account.db, cursorAtKey(format));
    return { lastExportAt: at === null ? null : Number(at), running: this.running?.progress ?? null };
  }

  /**
   * Asks for a file, then downloads in the background; answers the chosen path (null: the user
   * cancelled the dialog). CONFLICT while another download runs; UNAVAILABLE without a session.
   */
  async start(account: Account, input: { format: ExportDownloadFormat; sinceLast: boolean }): Promise<string | null> {
    if (this.running) throw new ProtocolError('CONFLICT', 'an export is already downloading');
    const token = account.token;
    if (token === null) throw new ProtocolError('UNAVAILABLE', 'sign in again to export');
    const since = input.sinceLast ? getAccountValue(account.db, cursorKey(input.format)) : null;
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    // EML is a new folder of one .eml per message: its name has no extension
    const name = `tributary-export-${stamp}${input.format === 'eml' ? '-eml' : `.${input.format}`}`;
    const path = await this.deps.chooseFile(name);
    if (path === null) return null;
    if (this.running) throw new ProtocolError('CONFLICT', 'an export is already downloading');
    const abort = new AbortController();
    const progress: ExportProgress = {
      accountId: account.userId,
      path,
      state: 'running',
      done: 0,
      total: null,
      error: null,
    };
    this.running = { progress, abort };
    const report = (change: Partial<ExportProgress>) => {
      Object.assign(progress, change);
      this.deps.emit({ ...progress });
    };
    report({});
    void downloadExport({
      serverUrl: account.serverUrl,
      token,
      format: input.format,
      since,
      path,
      signal: abort.signal,
      onProgress: (done, total) => report({ done, total }),
    }).then(
      ({ cursor }) => {
        try {
          setAccountValue(account.db, cursorKey(input.format), cursor);
          setAccountValue(account.db, cursorAtKey(input.format), String(this.now()));
        } catch {
          // signed out meanwhile: the cache is closed, the file is complete, the next export starts over
        }
        this.running = null;
        report({ state: 'done' });
      },
      (error: unknown) => {
        this.running = null;
        report({
          state: abort.signal.aborted ? 'cancelled' : 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return path;
  }

  /** Cancels the running download (nothing is kept); false when none runs. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort.abort();
    return true;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}
