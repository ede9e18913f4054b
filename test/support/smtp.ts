import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestSmtp {
  url: string;
  received: { envelopeTo: string[]; mail: ParsedMail }[];
  /** Make the next n deliveries fail with a temporary error (as a busy server would). */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (the npm smtp-server package) that keeps what arrives, parsed. */
export async function startSmtp(): Promise<TestSmtp> {
  const received: TestSmtp['received'] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      if (failures > 0) {
        failures -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('451 4.3.0 Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((mail) => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (n) => { failures = n; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
