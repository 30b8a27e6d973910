/*
 * COPY over node-postgres, for bulk bytes (file chunks): the driver decodes every result value as
 * UTF-8 text (its binary result mode is not implemented in pg-protocol), so a bytea column arrives as
 * hex or base64 text that PostgreSQL encoded and we decode again. `COPY … TO STDOUT` hands each
 * CopyData message over as raw bytes instead, and `COPY … FROM STDIN` takes raw bytes in, one
 * statement for many rows. pg has no COPY API of its own (pg-copy-streams is a separate package); a
 * query object with `submit` receives the protocol messages directly (the driver's Submittable).
 */
import type { ClientBase, Connection } from 'pg';

/** The parts of the driver's connection COPY needs (present in pg 8, missing from its type definitions). */
interface CopyConnection extends Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** The protocol messages pg hands to the active query; the ones COPY never causes are refused. */
abstract class CopyQuery<T> {
  private settled = false;
  protected error: Error | null = null;

  constructor(
    readonly text: string,
    private readonly done: (error: Error | null, value?: T) => void,
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  protected abstract result(): T;

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    if (error) this.done(error);
    else this.done(null, this.result());
  }

  // The server's error: pg clears the active query before handing it over, so no ReadyForQuery follows here.
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }

  handleCommandComplete(): void {}

  handleEmptyQuery(): void {
    this.error ??= new Error('COPY: empty statement');
  }

  handleRowDescription(): void {
    this.error ??= new Error('COPY: the statement returned rows instead of copying');
  }

  handleDataRow(): void {}

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: Connection): void {
    // only a COPY FROM STDIN expects it; anything else gets the copy refused, ending the statement
    (connection as CopyConnection).sendCopyFail('unexpected COPY FROM STDIN');
    this.error ??= new Error('COPY: the statement wanted input');
  }

  handleCopyData(_message: { chunk: Buffer }): void {}
}

class CopyOutQuery extends CopyQuery<Buffer[]> {
  private readonly pieces: Buffer[] = [];

  override handleCopyData(message: { chunk: Buffer }): void {
    // copied: the chunk is a view into the driver's read buffer, which the next socket read reuses
    this.pieces.push(Buffer.from(message.chunk));
  }

  protected result(): Buffer[] {
    return this.pieces;
  }
}

class CopyInQuery extends CopyQuery<void> {
  constructor(
    text: string,
    private readonly input: readonly Uint8Array[],
    done: (error: Error | null) => void,
  ) {
    super(text, done);
  }

  override handleCopyInResponse(connection: Connection): void {
    const copy = connection as CopyConnection;
    for (const piece of this.input)
      copy.sendCopyFromChunk(
        Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length),
      );
    copy.endCopyFrom();
  }

  protected result(): void {}
}

/** Runs `COPY … TO STDOUT` and resolves the bytes PostgreSQL sent, in order, however it framed them. */
export function copyOut(client: ClientBase, text: string): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    client.query(new CopyOutQuery(text, (error, pieces) => (error ? reject(error) : resolve(pieces!))));
  });
}

/** Runs `COPY … FROM STDIN`, sending `input` (the whole COPY stream: header, rows, trailer). */
export function copyIn(client: ClientBase, text: string, input: readonly Uint8Array[]): Promise<void> {
  return new Promise((resolve, reject) => {
    client.query(new CopyInQuery(text, input, (error) => (error ? reject(error) : resolve())));
  });
}

/** A string literal for a COPY statement, which takes no parameters. */
export function copyLiteral(client: ClientBase, value: string): string {
  return client.escapeLiteral(value);
}
