import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The DATA section as received, dot-unstuffed. */
  raw: string;
  headers: Record<string, string>;
  /** Body with quoted-printable decoded when the message says it is used. */
  body: string;
  /** When it arrived, by `now` (ms). */
  at: number;
}

export interface SmtpServer {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** The clock arrivals are stamped with (wall time unless a test sets a simulated one). */
  now: () => number;
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/**
 * A plain-text SMTP receiver for tests: EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT.
 * No TLS and no AUTH are offered, so clients send in the clear to it.
 */
export async function startSmtpServer(): Promise<SmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const stamp = { now: (): number => Date.now() };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let from = '';
    let to: string[] = [];
    let data: string[] | undefined;
    const reply = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    reply('220 localhost ESMTP test');

    const onLine = (line: string): void => {
      if (data !== undefined) {
        if (line === '.') {
          messages.push({ ...parseMessage(from, to, data.join('\r\n')), at: stamp.now() });
          data = undefined;
          from = '';
          to = [];
          reply('250 2.0.0 queued');
          for (const wake of waiters.splice(0)) wake();
        } else data.push(line.startsWith('..') ? line.slice(1) : line);
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
      else if (verb === 'HELO') reply('250 localhost');
      else if (verb === 'MAIL') {
        from = addressIn(line);
        reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        to.push(addressIn(line));
        reply('250 2.1.5 ok');
      } else if (verb === 'DATA') {
        data = [];
        reply('354 end data with <CR><LF>.<CR><LF>');
      } else if (verb === 'RSET') {
        from = '';
        to = [];
        reply('250 ok');
      } else if (verb === 'NOOP') reply('250 ok');
      else if (verb === 'QUIT') {
        reply('221 bye');
        socket.end();
      } else reply('502 5.5.2 command not implemented');
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let at = buffer.indexOf('\r\n');
      while (at !== -1) {
        onLine(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
        at = buffer.indexOf('\r\n');
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get now() {
      return stamp.now;
    },
    set now(fn: () => number) {
      stamp.now = fn;
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return messages;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function addressIn(line: string): string {
  return /<([^>]*)>/.exec(line)?.[1] ?? '';
}

function parseMessage(from: string, to: string[], raw: string): Omit<ReceivedMail, 'at'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const rawBody = split === -1 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  // Continuation lines start with whitespace and belong to the header above.
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const qp = (headers['content-transfer-encoding'] ?? '').toLowerCase() === 'quoted-printable';
  const body = qp ? decodeQuotedPrintable(rawBody) : rawBody;
  return { from, to, raw, headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
