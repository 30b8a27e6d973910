// Calling the Flowdock-compatible API (docs/flowdock-api.md) the way a bot does: plain fetch with
// HTTP Basic credentials, and a reader for its streams.
import { ok, type ClientSocket } from './server';

/** An `Authorization: Basic` value: a token as the user name (password ignored), or email:password. */
export function basicAuth(username: string, password = ''): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** What the API answered. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes, checked by each test
  body: any;
}

/** One API request: JSON (`json`) or form (`form`) body, or `raw` text with its own content type. */
export async function api(
  url: string,
  path: string,
  options: {
    method?: string;
    auth?: string | null;
    json?: unknown;
    form?: Record<string, string>;
    raw?: { type: string; text: string };
    headers?: Record<string, string>;
  } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.auth) headers.authorization = options.auth;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.text;
  }
  const res = await fetch(`${url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Creates a personal API token over the socket protocol, as the desktop app's settings do; its secret. */
export async function createApiToken(socket: ClientSocket, name = 'test bot'): Promise<string> {
  return (await ok(socket, 'apitoken:create', { name })).secret;
}

/** An open API stream: its status, headers and every chunk of text received so far. */
export interface ApiStream {
  status: number;
  headers: Headers;
  /** Everything received so far. */
  text(): string;
  /** Whether the server has ended the stream. */
  ended(): boolean;
  close(): void;
}

/** Opens `GET path` and keeps reading it in the background. */
export async function openApiStream(url: string, path: string, headers: Record<string, string>): Promise<ApiStream> {
  const controller = new AbortController();
  const res = await fetch(`${url}${path}`, { headers, signal: controller.signal });
  let received = '';
  let done = false;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        received += decoder.decode(chunk.value, { stream: true });
      }
    } catch {
      // aborted by close()
    }
    done = true;
  })();
  return {
    status: res.status,
    headers: res.headers,
    text: () => received,
    ended: () => done,
    close: () => controller.abort(),
  };
}

/** The JSON objects of a JSON stream so far (one per `\r\n`-ended line; blank keep-alive lines skipped). */
export function jsonLines(stream: ApiStream): Array<Record<string, unknown>> {
  const text = stream.text();
  // only complete lines: a chunk may end inside one
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The events of an event stream so far: each `id` and parsed `data`. */
export function sseEvents(stream: ApiStream): Array<{ id: string | null; data: Record<string, unknown> }> {
  const text = stream.text();
  return text
    .slice(0, Math.max(0, text.lastIndexOf('\n\n')))
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const lines = block.split('\n');
      const id = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null;
      const data = lines.find((l) => l.startsWith('data: '))!.slice(6);
      return { id, data: JSON.parse(data) as Record<string, unknown> };
    });
}
