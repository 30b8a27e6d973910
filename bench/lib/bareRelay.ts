import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { newMessage } from '../../shared/protocol/entities';

/*
 * The baseline server: bare socket.io with no auth, validation or storage. Every socket joins one
 * room; `message:send` is rebroadcast to the room as an `event` shaped like the real server's (so
 * frames are the same size) and acked at once; any other request is acked with its payload (echo).
 */

/** A running relay. */
export interface BareRelay {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the relay on 127.0.0.1. */
export async function startBareRelay(port: number): Promise<BareRelay> {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1_000_000 });
  let seq = 0;
  io.on('connection', (socket) => {
    void socket.join('stream');
    socket.on(
      'message:send',
      (payload: { streamId: string; clientId: string; body: string }, ack: (a: unknown) => void) => {
        seq += 1;
        const at = Date.now();
        const message = newMessage({
          id: payload.clientId,
          streamId: payload.streamId,
          seq,
          authorId: payload.clientId,
          authorName: 'Bench Sender',
          clientId: payload.clientId,
          body: payload.body,
          threadRootId: null,
          createdAt: at,
        });
        io.to('stream').emit('event', {
          streamId: payload.streamId,
          seq,
          type: 'message:created',
          at,
          actorId: message.authorId,
          message,
          promotion: null,
        });
        if (typeof ack === 'function') ack({ ok: true, message });
      },
    );
    socket.on('echo', (payload: unknown, ack: (a: unknown) => void) => {
      if (typeof ack === 'function') ack({ ok: true, payload });
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => resolve());
  });
  const address = httpServer.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        void io.close(() => resolve());
        httpServer.closeAllConnections();
      }),
  };
}
