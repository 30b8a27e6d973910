import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** How to find a request's real client address; parsed once from `--trust-proxy`. */
export type ClientAddressOf = (req: IncomingMessage) => string;

/**
 * Parses `--trust-proxy <hops|cidr[,cidr…]>` into a resolver. Without it, `X-Forwarded-For` is ignored:
 * any client can write that header, so believing it by default would let an attacker pick the address
 * the login throttle counts. With a hop count N, the N proxies nearest to us are trusted; with a list
 * of addresses/CIDRs (or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`), exactly those
 * peers are. The client is the first untrusted address walking back from our peer (proxy-addr, the
 * same rules as Express's `trust proxy`). A malformed value throws, so the server refuses to start.
 */
export function clientAddressResolver(trustProxy: string | undefined): ClientAddressOf {
  if (trustProxy === undefined) return (req) => req.socket.remoteAddress ?? 'unknown';
  const spec = trustProxy.trim();
  if (/^\d+$/.test(spec)) {
    const hops = Number(spec);
    if (!Number.isSafeInteger(hops) || hops < 1)
      throw new Error(`--trust-proxy: hop count must be 1 or more, got ${spec}`);
    return (req) => proxyAddr(req, (_addr, i) => i < hops);
  }
  const list = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) throw new Error('--trust-proxy needs a hop count or addresses/CIDRs');
  let trust: (addr: string, i: number) => boolean;
  try {
    trust = proxyAddr.compile(list);
  } catch (error) {
    throw new Error(`--trust-proxy: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (req) => proxyAddr(req, trust);
}
