import { adminSocketRequests } from '../protocol/admin';
import { speechPolicyResponseSchema, speechPolicySetRequestSchema } from '../protocol/governance';

/*
 * The IPC channels of the admin console (org admins; docs/governance.md#admin-console), part of the
 * one contract (`ipcRequests` in contract.ts spreads them in). Each forwards the socket request of the
 * same name with the same schemas (online only: nothing of it is cached or queued; offline UNAVAILABLE).
 */
export const adminChannels = {
  ...adminSocketRequests,
  /** Change some rules of the organization's speech policy (org admins). */
  'speechPolicy:set': { request: speechPolicySetRequestSchema, response: speechPolicyResponseSchema },
} as const;

/** The admin console's channels: every one is forwarded to the server under its own name. */
export type AdminChannel = keyof typeof adminChannels;
export const adminChannelNames = Object.keys(adminChannels) as AdminChannel[];
