import { adminChannelNames, type AdminChannel } from '../../../shared/ipc/adminChannels';
import type { IpcRequestParsed, IpcResponse } from '../../../shared/ipc/contract';
import { unwrap, type Handler } from './context';

/*
 * The admin console lives on the server only: what it shows is the organization's current state and
 * every change must be checked and audited there, so each channel forwards the socket request of the
 * same name and answers UNAVAILABLE offline. Its effects come back as the usual pushes (membership,
 * roles, link policy), on this client as on everyone else's.
 */

/** A handler that forwards one admin channel to the server under its own name. */
function forward<C extends AdminChannel>(channel: C): Handler<C> {
  return async (ctx, req: IpcRequestParsed<C>) => {
    const engine = ctx.account().engine;
    // the channel's schemas are the socket request's own (shared/ipc/adminChannels.ts)
    const ack = await engine.request(channel, req as never);
    return unwrap(ack) as IpcResponse<C>;
  };
}

/** Every admin channel's handler, spread into the registry. */
export const adminHandlers = Object.fromEntries(adminChannelNames.map((c) => [c, forward(c)])) as {
  [C in AdminChannel]: Handler<C>;
};
