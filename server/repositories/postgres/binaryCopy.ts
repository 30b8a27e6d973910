/*
 * PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary
 * Format"): a signature and two int32s, then per row an int16 field count and each field as an int32
 * length and its bytes (a bytea's bytes as they are, an int4 big-endian, a text its UTF-8), then an
 * int16 -1. Only what the file chunks need: rows of text, int4 and bytea in, one bytea column out.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (no OIDs) and the length of the header extension (none). */
const HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);

/** A field of a row to copy in: a string is text, a number an int4, bytes a bytea. */
export type BinaryField = string | number | Uint8Array;

/**
 * The COPY stream of `rows` as pieces to send in order. A bytea travels as its own piece, never
 * copied here: the driver copies each piece once into its CopyData message.
 */
export function encodeBinaryCopy(rows: readonly (readonly BinaryField[])[]): Uint8Array[] {
  const pieces: Uint8Array[] = [HEADER];
  for (const row of rows) {
    let prefix: number[] = [];
    const flushPrefix = () => {
      if (prefix.length > 0) pieces.push(Buffer.from(prefix));
      prefix = [];
    };
    const int16 = (n: number) => prefix.push((n >> 8) & 0xff, n & 0xff);
    const int32 = (n: number) => prefix.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    int16(row.length);
    for (const field of row) {
      if (typeof field === 'number') {
        if (!Number.isInteger(field) || field < -0x80000000 || field > 0x7fffffff)
          throw new Error(`not an int4: ${field}`);
        int32(4);
        int32(field);
      } else if (typeof field === 'string') {
        const text = Buffer.from(field, 'utf8');
        int32(text.length);
        prefix.push(...text);
      } else {
        int32(field.length);
        flushPrefix();
        pieces.push(field);
      }
    }
    flushPrefix();
  }
  pieces.push(TRAILER);
  return pieces;
}

/** Reads a binary COPY stream, delivered in pieces cut anywhere, front to back. */
class PieceReader {
  private piece = 0;
  private offset = 0;

  constructor(private readonly pieces: readonly Buffer[]) {}

  /** The next `length` bytes: a view when they lie in one piece, a copy when they span several. */
  take(length: number): Buffer {
    this.skipEmpty();
    const current = this.pieces[this.piece];
    if (current && this.offset + length <= current.length) {
      const bytes = current.subarray(this.offset, this.offset + length);
      this.offset += length;
      return bytes;
    }
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      this.skipEmpty();
      const source = this.pieces[this.piece];
      if (!source) throw new Error('binary COPY data ended early');
      const n = Math.min(length - filled, source.length - this.offset);
      source.copy(out, filled, this.offset, this.offset + n);
      filled += n;
      this.offset += n;
    }
    return out;
  }

  private skipEmpty(): void {
    while (this.piece < this.pieces.length && this.offset >= this.pieces[this.piece]!.length) {
      this.piece += 1;
      this.offset = 0;
    }
  }
}

/** The values of the one bytea column of a `COPY (SELECT …) TO STDOUT (FORMAT binary)`, in row order. */
export function decodeByteaColumn(pieces: readonly Buffer[]): Buffer[] {
  const reader = new PieceReader(pieces);
  const header = reader.take(HEADER.length);
  if (!header.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
  const extension = header.readUInt32BE(SIGNATURE.length + 4);
  if (extension > 0) reader.take(extension);
  const values: Buffer[] = [];
  for (;;) {
    const fields = reader.take(2).readInt16BE(0);
    if (fields === -1) return values;
    if (fields !== 1) throw new Error(`expected one column, got ${fields}`);
    const length = reader.take(4).readInt32BE(0);
    if (length < 0) throw new Error('a NULL where bytes were expected');
    values.push(reader.take(length));
  }
}
