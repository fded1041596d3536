import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for a Mattermost incoming webhook that writes every post to a file. */
export interface PageLog {
  /** The webhook URL to give Cairn as its Mattermost URL. */
  url: string;
  /** The file pages are appended to, one JSON object per line. */
  file: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Without a real Mattermost, the demo points Cairn's Mattermost channel at this receiver, so a
 * page takes the same path it would in production and lands in `pages.log` for the user to read.
 * `onPage` gets the first line of each post (the headline) to echo on the terminal.
 */
export async function startPageLog(file: string, onPage: (headline: string) => void): Promise<PageLog> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (request.method !== 'POST' || size > MAX_BODY_BYTES) {
        response.writeHead(request.method !== 'POST' ? 405 : 413).end();
        return;
      }
      let text = Buffer.concat(chunks).toString('utf8');
      try {
        // A Mattermost post carries its Markdown in `text`; keep the whole post for the record.
        const post = JSON.parse(text) as { text?: unknown };
        if (typeof post.text === 'string') text = post.text;
        appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), post })}\n`);
      } catch {
        appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), raw: text })}\n`);
      }
      onPage(text.split('\n')[0] ?? '');
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // listen() on a TCP port has resolved, so the address is an AddressInfo, not a pipe name.
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cairn-demo`,
    file,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
