import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  EXPORT_COMPLETE_TRAILER,
  EXPORT_CURSOR_HEADER,
  EXPORT_DOWNLOAD_FORMATS,
  EXPORT_TOTAL_HEADER,
  type ExportDownloadFormat,
} from '../../shared/protocol/index';
import { resolveToken } from '../auth/tokens';
import type { Store } from '../db/store';
import { decodeCursor } from '../domain/export/cursor';
import { exportOrganization } from '../domain/export/exporter';
import type { People } from '../domain/export/formats';
import type { FileStore } from '../files/fileStore';
import type { Logger } from '../logger';
import { exportBody } from './exportBodies';
import { bearerToken, HttpError } from './respond';
import type { Route } from './httpServer';

/** The caller of a download, checked before a byte of the export is read. */
async function compliancePerson(
  store: Store,
  req: IncomingMessage,
): Promise<{ id: string; orgId: string; org: string }> {
  return store.withTransaction(
    async (tx) => {
      const record = await resolveToken(tx, bearerToken(req), Date.now());
      const user = record ? await tx.users.get(record.userId) : null;
      if (!record || !user) throw new HttpError(401, 'UNAUTHENTICATED', 'missing, unknown or expired token');
      // the compliance export holds every stream, DMs included: compliance only (docs/governance.md#export)
      if (user.orgRole !== 'compliance') throw new HttpError(403, 'FORBIDDEN', 'only compliance may export');
      const org = await tx.orgs.get(user.orgId);
      if (!org) throw new HttpError(401, 'UNAUTHENTICATED', 'missing, unknown or expired token');
      return { id: user.id, orgId: org.id, org: org.name };
    },
    { readOnly: true },
  );
}

/** Waits until the socket takes more, or fails when the client went away (the run then stops). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      if (res.destroyed) reject(new Error('client went away'));
      else resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * `GET /api/export?format=jsonl|csv|eml[&since=CURSOR]` (docs/protocol.md#compliance-export-download):
 * the compliance console's download. Streams the export page by page with backpressure; the headers
 * carry the count to expect and the next cursor, a trailer confirms completion. A client that goes
 * away stops the run (no `org.export` record); `export.run` records every start.
 */
export function createExportRoute(deps: { store: Store; files: FileStore; log: Logger }): Route {
  const { store, files, log } = deps;
  return async (req, res) => {
    const caller = await compliancePerson(store, req);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const format = (query.get('format') ?? '') as ExportDownloadFormat;
    if (!EXPORT_DOWNLOAD_FORMATS.includes(format))
      throw new HttpError(400, 'INVALID', `format must be one of ${EXPORT_DOWNLOAD_FORMATS.join(', ')}`, 'format');
    const since = query.get('since') ?? undefined;
    if (since !== undefined) {
      try {
        decodeCursor(since, caller.orgId);
      } catch {
        throw new HttpError(400, 'INVALID', 'since is not a cursor of an earlier export of this organization', 'since');
      }
    }
    let people: People = new Map();
    const write = async (text: string) => {
      if (res.destroyed) throw new Error('client went away');
      if (!res.write(text)) await drained(res);
    };
    const body = exportBody(format, { store, files, people: () => people, write });
    try {
      await exportOrganization(store, {
        org: caller.org,
        ...(since !== undefined ? { since } : {}),
        actorId: caller.id,
        onPeople: (map) => {
          people = map;
        },
        onPlan: async (plan) => {
          await store.withTransaction(async (tx) => {
            await tx.audit.insert({
              at: Date.now(),
              orgId: caller.orgId,
              actorId: caller.id,
              action: 'export.run',
              target: caller.orgId,
              detail: { format, incremental: since !== undefined, records: plan.entries, via: 'server' },
            });
          });
          res.writeHead(200, {
            'content-type': body.contentType,
            'content-disposition': `attachment; filename="tributary-export.${format}"`,
            'cache-control': 'no-store',
            [EXPORT_TOTAL_HEADER]: String(plan.entries),
            [EXPORT_CURSOR_HEADER]: plan.cursor,
            trailer: EXPORT_COMPLETE_TRAILER,
          });
          if (body.preamble !== '') await write(body.preamble);
        },
        sink: body.sink,
      });
    } catch (error) {
      if (!res.headersSent) throw error;
      // headers are out: cut the body so the client sees no trailer and keeps its old cursor
      log.warn('export download stopped', { userId: caller.id, error: error instanceof Error ? error.message : '' });
      res.destroy();
      return;
    }
    res.addTrailers({ [EXPORT_COMPLETE_TRAILER]: String(body.counted()) });
    res.end();
  };
}
