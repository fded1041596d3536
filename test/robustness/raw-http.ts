import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a request's headers announcing `contentLength` bytes of body, then only `sentBytes` of
 * them, and waits for the answer without ever finishing the body. A server that reads the body
 * before deciding never answers (the promise rejects after `timeoutMs`); one that decides on the
 * headers answers at once.
 */
export function answerBeforeBody(
  url: string,
  request: { method: string; path: string; headers: Record<string, string>; contentLength: number },
  sentBytes = 1024,
  timeoutMs = 3000,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms before the body was sent`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const answer = parseAnswer(received);
      if (!answer) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    });
    socket.on('connect', () => {
      const head = [
        `${request.method} ${request.path} HTTP/1.1`,
        `host: ${hostname}:${port}`,
        `content-length: ${request.contentLength}`,
        ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      socket.write(Buffer.alloc(Math.min(sentBytes, request.contentLength), 0x7b));
    });
  });
}

/** A complete HTTP/1.1 answer with a Content-Length body, or undefined while more is expected. */
function parseAnswer(text: string): RawAnswer | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body, 'latin1') < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}
