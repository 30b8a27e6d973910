/** The admin CLI's guidelines commands: arguments in, text (or JSON data) out; the work is guidelines.admin.ts's. */
import { flag, type ParsedArgs } from '../args';
import type { Store } from '../db/store';
import { AdminError } from './admin.service';
import { guidelinesAcksByCli, listGuidelinesByCli, publishGuidelinesByCli } from './guidelines.admin';

function need(args: ParsedArgs, name: string): string {
  const value = flag(args, name);
  if (value === undefined || value === '') throw new AdminError(`--${name} is required`);
  return value;
}

const iso = (at: number | null): string => (at === null ? '-' : new Date(at).toISOString());

/** publish-guidelines, list-guidelines and guidelines-acks, or null for any other command. */
export async function guidelinesCommand(
  store: Store,
  command: string,
  args: ParsedArgs,
): Promise<{ text: string; data: unknown } | null> {
  if (!['publish-guidelines', 'list-guidelines', 'guidelines-acks'].includes(command)) return null;
  const target = { org: need(args, 'org'), team: flag(args, 'team') };
  const scopeName = target.team === undefined ? target.org : `@${target.team}`;
  switch (command) {
    case 'publish-guidelines': {
      const v = await publishGuidelinesByCli(store, { ...target, file: need(args, 'file'), as: flag(args, 'as') });
      return { text: `published version ${v.version} of ${scopeName}'s guidelines as ${v.publisherName}`, data: v };
    }
    case 'list-guidelines': {
      const versions = await listGuidelinesByCli(store, target);
      const text = versions
        .map((v) => `v${v.version}  ${iso(v.publishedAt)}  ${v.publisherName}  (${v.body.length} characters)`)
        .join('\n');
      return { text: text || `(${scopeName} has no guidelines)`, data: versions };
    }
    case 'guidelines-acks': {
      const raw = flag(args, 'version');
      if (raw !== undefined && !/^[1-9]\d*$/.test(raw)) throw new AdminError('--version must be a version number');
      const report = await guidelinesAcksByCli(store, {
        ...target,
        version: raw === undefined ? undefined : Number(raw),
        csv: flag(args, 'csv') === 'true',
      });
      if (report.csv !== undefined) return { text: report.csv.trimEnd(), data: report };
      const head = `${scopeName}: current version ${report.currentVersion ?? '-'}, ${report.memberCount} members`;
      const lines = report.rows.map(
        (r) =>
          `${r.name} <${r.email}>  ${r.acknowledgedVersion === null ? 'not acknowledged' : `v${r.acknowledgedVersion} ${iso(r.acknowledgedAt)}`}`,
      );
      return { text: [head, ...lines].join('\n'), data: report };
    }
    default:
      return null;
  }
}
