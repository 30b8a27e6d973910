import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../db/store';
import type { EffectSink } from '../domain/effects';
import type { HandlerConfig } from '../handlers/context';
import type { ClientAddressOf } from '../http/clientAddress';
import type { Logger } from '../logger';
import type { UserRecord } from '../repositories/users.repository';
import type { UserBudgets } from '../socket/userBudgets';
import type { FlowStreamHub } from './hub';

/** What the Flowdock-compatible API needs from the rest of the server. */
export interface FlowdockDeps {
  store: Store;
  log: Logger;
  config: HandlerConfig;
  /** The per-user request budgets the user's sockets draw from too. */
  budgets: UserBudgets;
  /** Email and password under the login guard (auth/auth.http.ts): the user, or HttpError 401/429. */
  verifyCredentials: (email: string, password: string, address: string) => Promise<UserRecord>;
  clientAddress: ClientAddressOf;
  /** Delivery of committed effects: sockets and API streams alike. */
  sink: () => EffectSink;
  hub: FlowStreamHub;
  /** Longest silence on an API stream before a keep-alive line (at most 30 s). */
  keepAliveMs: number;
}

/** Who is calling: the user, and the personal API token they used (null for email and password). */
export interface Caller {
  user: UserRecord;
  apiTokenId: string | null;
}

/** One authenticated API request. */
export interface FlowdockRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The path's captured segments, decoded. */
  params: string[];
  caller: Caller;
  deps: FlowdockDeps;
  /** The body, when the router had to read it before authenticating (flow-token posts). */
  body?: unknown;
}

/** One API endpoint. */
export type FlowdockRoute = (request: FlowdockRequest) => Promise<void>;
