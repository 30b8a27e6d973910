/*
 * The one seam between the repositories and a database driver. Repositories write their SQL once,
 * with `?` placeholders and double-quoted camelCase aliases (PostgreSQL folds unquoted ones to lower
 * case), and run it through `Sql`; each engine's executor binds it to its driver. The few statements
 * that differ between the engines come from the executor's `dialect`.
 */

/** A bound parameter: what both drivers accept the same way (a list only through `dialect.listParam`; bytes as a blob/bytea). */
export type SqlValue = string | number | null | readonly string[] | Uint8Array;

/** The SQL that is not the same in SQLite and PostgreSQL (server/repositories/{sqlite,postgres}/dialect.ts). */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** A condition "`column` is one of the list in the next parameter", bounded in text whatever the list's length. */
  inList(column: string): string;
  /** The parameter that goes with `inList`. */
  listParam(values: readonly string[]): SqlValue;
  /** The larger of two values (a scalar, not the aggregate). */
  greatest(a: string, b: string): string;
  /**
   * Appended to a SELECT to lock the rows it read (of the table aliased `alias`) until the unit of work
   * ends, so a concurrent unit on another connection or node waits instead of acting on a stale read.
   */
  forUpdate(alias: string): string;
  /**
   * Redacts a deleted message in the log entries that carried it, from its own seq on: body, mentions,
   * tags and reactions emptied, files removed, everything else kept. Parameters: stream id, seq, `%<id>%`, message id.
   */
  readonly redactMessageEvents: string;
  /**
   * Empties the snapshot of a message's promotions that are not published, in the log entries that
   * carried them. Parameters: stream id, `%<message id>%`, message id, message id.
   */
  readonly redactSnapshotEvents: string;
  /**
   * Empties the `message:created` log entries of purged messages (`message` null; seq, type, time and
   * actor kept), found by their seqs. Parameters: stream id, the purged messages' seqs (a list).
   */
  readonly emptyPurgedCreations: string;
  /**
   * Empties the other log entries (edits, deletions, reactions, promotions) that carried a purged
   * message or promotion: `message` and `promotion` null, `reaction` dropped. Reads only entries that
   * are not creations (a partial index). Parameters: stream id, first seq, message ids (a list, four
   * times), promotion ids (a list).
   */
  readonly emptyPurgedChanges: string;
}

/** Runs SQL on one connection, inside the unit of work that handed it out. */
export interface Sql {
  readonly dialect: SqlDialect;
  /** Every row the query returns. */
  all<R>(text: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** The first row the query returns, or undefined. */
  get<R>(text: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** Runs a statement that returns no rows; resolves with how many rows it changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs a script of statements without parameters (migrations, tests). */
  exec(text: string): Promise<void>;
  /** PostgreSQL only (absent on SQLite): bulk bytes through COPY, for the file chunks. */
  readonly copy?: SqlCopy;
}

/**
 * COPY on the unit's connection: bytes in and out without the text encoding every other result value
 * goes through (a bytea as hex or base64). COPY takes no parameters: values go in as `literal`s.
 */
export interface SqlCopy {
  /** Runs `COPY … FROM STDIN`, sending `input` as the COPY stream (server/db/postgres/binaryCopy.ts). */
  from(text: string, input: readonly Uint8Array[]): Promise<void>;
  /** Runs `COPY … TO STDOUT` and resolves the bytes sent, in order, cut wherever the server cut them. */
  to(text: string): Promise<Buffer[]>;
  /** `value` as a quoted string literal. */
  literal(value: string): string;
}
