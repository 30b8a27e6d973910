import type { Sql, SqlValue } from './sql';
import type { Store } from './store';

/**
 * The tables a copy moves, parents before children. Messages go in two passes, thread roots first,
 * because a reply points at its root. Tables not named here are copied afterwards, by name.
 */
const ORDER: readonly { table: string; where?: string }[] = [
  { table: 'orgs' },
  { table: 'users' },
  { table: 'streams' },
  { table: 'teams' },
  { table: 'memberships' },
  // an integration's messages point at it
  { table: 'integrations' },
  { table: 'messages', where: 'thread_root_id IS NULL' },
  { table: 'messages', where: 'thread_root_id IS NOT NULL' },
  { table: 'stream_events' },
  { table: 'message_edits' },
  { table: 'message_mentions' },
  { table: 'reactions' },
  { table: 'read_marks' },
  { table: 'tokens' },
  { table: 'audit' },
  { table: 'promotions' },
];

/** Counters that only ever forgive when empty (request budgets, login failures) and live connections: not copied. */
const NOT_COPIED = new Set([
  'request_budgets',
  'login_failures',
  'socket_io_attachments',
  'message_tags',
  'job_leases',
  'presence_connections',
]);

/**
 * Derived tables the destination rebuilds itself: `message_tags` is kept by triggers on `messages`,
 * and the FTS5 search index (with its shadow tables) is a tsvector column on PostgreSQL.
 */
const isDerived = (table: string): boolean => NOT_COPIED.has(table) || table.startsWith('messages_fts');

/** Rows read and written per statement. */
const PAGE = 500;

/** Tables whose identity column continues after the copied ids. */
const IDENTITY_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'message_edits', column: 'id' },
  { table: 'audit', column: 'id' },
  { table: 'membership_history', column: 'id' },
  { table: 'legal_holds', column: 'id' },
];

/** How many rows of each table a copy moved. */
export type CopyReport = Record<string, number>;

/**
 * Copies every row of a SQLite server's store into an empty PostgreSQL store of the same schema
 * version, as it is: ids, seqs, heads, times, hashes and audit ids unchanged, so tokens stay valid and
 * clients' caches and cursors stay right. Reads one snapshot of the source and writes the destination
 * in one transaction: a failure leaves the destination empty. Refuses a destination that holds data.
 */
export async function copySqliteToPostgres(source: Store, destination: Store): Promise<CopyReport> {
  if (source.engine !== 'sqlite' || destination.engine !== 'postgres')
    throw new Error('migrate-to copies a SQLite server (--data) into a PostgreSQL database (--database)');
  return source.withSql(
    (from) =>
      destination.withSql(async (to) => {
        const held = await to.get<{ n: number }>(
          'SELECT (SELECT COUNT(*) FROM orgs) + (SELECT COUNT(*) FROM users) AS n',
        );
        if ((held?.n ?? 0) > 0) throw new Error('the destination database already holds data; give an empty one');
        const tables = (
          await from.all<{ name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
          )
        ).map((t) => t.name);
        const known = new Set(ORDER.map((o) => o.table));
        const plan = [
          ...ORDER.filter((o) => tables.includes(o.table)),
          ...tables.filter((t) => !known.has(t) && !isDerived(t)).map((table) => ({ table })),
        ];
        const report: CopyReport = {};
        for (const step of plan) report[step.table] = (report[step.table] ?? 0) + (await copyTable(from, to, step));
        for (const { table, column } of IDENTITY_COLUMNS) {
          if (!tables.includes(table)) continue;
          await to.get(
            `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), COALESCE(MAX(${column}), 0) + 1, false) FROM ${table}`,
          );
        }
        return report;
      }),
    { readOnly: true },
  );
}

/** Copies one table (the rows `where` selects), page by page in primary-key order; resolves the count. */
async function copyTable(from: Sql, to: Sql, step: { table: string; where?: string }): Promise<number> {
  const { table } = step;
  const sourceColumns = await from.all<{ name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info(?)`, [
    table,
  ]);
  const targetColumns = new Set(
    (
      await to.all<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'`,
        [table],
      )
    ).map((c) => c.name),
  );
  if (targetColumns.size === 0) throw new Error(`the destination has no table ${table}`);
  const missing = sourceColumns.filter((c) => !targetColumns.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new Error(`the destination's ${table} lacks ${missing.join(', ')}`);
  const columns = sourceColumns.map((c) => c.name);
  const key = sourceColumns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  if (key.length === 0) key.push('rowid');
  const list = columns.join(', ');
  let after: SqlValue[] | null = null;
  let copied = 0;
  for (;;) {
    const conditions: string[] = [
      ...(step.where ? [step.where] : []),
      ...(after ? [`(${key.join(', ')}) > (${key.map(() => '?').join(', ')})`] : []),
    ];
    const rows: Record<string, SqlValue>[] = await from.all<Record<string, SqlValue>>(
      `SELECT ${list}${key[0] === 'rowid' ? ', rowid' : ''} FROM ${table}
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY ${key.join(', ')} LIMIT ${PAGE}`,
      after ?? [],
    );
    if (rows.length === 0) return copied;
    const values = rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await to.run(
      `INSERT INTO ${table} (${list}) OVERRIDING SYSTEM VALUE VALUES ${values}`,
      rows.flatMap((row) => columns.map((c) => row[c] ?? null)),
    );
    copied += rows.length;
    const last: Record<string, SqlValue> = rows[rows.length - 1]!;
    after = key.map((k): SqlValue => last[k] ?? null);
  }
}
