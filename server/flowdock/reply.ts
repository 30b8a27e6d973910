import type { Tx } from '../db/store';
import type { FlowdockRequest } from './context';
import { sendFlowdockJson } from './respond';

/** The origin the caller reached the API at, for the `url` fields of answers. */
export function apiBase(r: FlowdockRequest): string {
  return `http://${r.req.headers.host ?? '127.0.0.1'}`;
}

/** Runs a read-only unit of work for a request. */
export function readUnit<T>(r: FlowdockRequest, work: (tx: Tx) => Promise<T>): Promise<T> {
  return r.deps.store.withTransaction(work, { readOnly: true });
}

/** Answers with JSON and the caller's id in `Flowdock-User`. */
export function reply(r: FlowdockRequest, status: number, body: unknown): void {
  sendFlowdockJson(r.res, status, body, r.caller.user.id);
}
