// A TCP load balancer for tests with several server nodes: each new connection goes to the live
// backend with the fewest open connections; a backend that refuses (a killed node) is skipped from
// then on. No sticky sessions: clients use the websocket transport, so any node can take them.
import net from 'node:net';

/** A load balancer in front of server nodes on 127.0.0.1. */
export interface LoadBalancer {
  url: string;
  /** Open client connections per backend port (the nodes that hold clients right now). */
  connections(): Map<number, number>;
  close(): Promise<void>;
}

/** Starts a balancer on a free port in front of the given backend ports. */
export async function startLoadBalancer(backendPorts: readonly number[]): Promise<LoadBalancer> {
  const open = new Map<number, Set<net.Socket>>(backendPorts.map((port) => [port, new Set()]));
  const down = new Set<number>();
  const pick = (tried: ReadonlySet<number>): number | undefined =>
    backendPorts
      .filter((port) => !down.has(port) && !tried.has(port))
      .sort((a, b) => open.get(a)!.size - open.get(b)!.size)[0];

  const server = net.createServer((client) => {
    // hold the client's bytes until a backend has taken the connection
    client.pause();
    const tried = new Set<number>();
    const attach = (): void => {
      const port = pick(tried);
      if (port === undefined) return void client.destroy();
      tried.add(port);
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => {
        down.add(port);
        attach();
      });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        const live = open.get(port)!;
        live.add(client);
        const drop = (): void => {
          live.delete(client);
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    client.on('error', () => client.destroy());
    attach();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => new Map([...open].map(([p, live]) => [p, live.size])),
    close() {
      for (const live of open.values()) for (const socket of live) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
