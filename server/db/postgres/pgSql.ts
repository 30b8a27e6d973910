import type { ClientBase } from 'pg';
import { POSTGRES_DIALECT } from '../../repositories/postgres/dialect';
import type { Sql, SqlValue } from '../sql';
import { copyIn, copyLiteral, copyOut } from './copy';
import { toPostgres } from './placeholders';

/** `Sql` over one node-postgres connection: `?` placeholders numbered, statements prepared by name. */
export function postgresSql(client: ClientBase): Sql {
  const query = async <R>(text: string, params: readonly SqlValue[]) => {
    const { name, text: numbered } = toPostgres(text);
    return client.query<R & object>({ name, text: numbered, values: params as unknown[] });
  };
  return {
    dialect: POSTGRES_DIALECT,
    all: async <R>(text: string, params: readonly SqlValue[] = []) => (await query<R>(text, params)).rows as R[],
    get: async <R>(text: string, params: readonly SqlValue[] = []) =>
      (await query<R>(text, params)).rows[0] as R | undefined,
    run: async (text: string, params: readonly SqlValue[] = []) => (await query(text, params)).rowCount ?? 0,
    exec: async (text: string) => {
      await client.query(text);
    },
    copy: {
      from: (text, input) => copyIn(client, text, input),
      to: (text) => copyOut(client, text),
      literal: (value) => copyLiteral(client, value),
    },
  };
}
