import path from 'node:path';
import type { Server } from 'node:http';
import { loadConfig, type Config } from './config.js';
import { openSystem, type System } from './system.js';
import { buildApp } from './http/app.js';
import { TokenService } from './http/auth/tokens.js';
import { tokenSecret } from './http/auth/users.js';
import { bootstrapAdmin } from './bootstrap.js';
import { registerHandlers } from './handlers.js';
import { installRequests, type RequestService } from './requests/service.js';
import { queueOutbox } from './requests/letterMail.js';
import { smtpMailer } from './mail/transport.js';
import { pollImap } from './intake/imapPoller.js';
import { seedDemo } from './demo/seed.js';
import { createLogger, type Logger } from './logger.js';

export interface RunningServer {
  system: System;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

/** Start everything: migrations, deployment of processes/, the job worker, then the HTTP listener. */
export async function startServer(config: Config, log: (m: string) => void = defaultLog, logger: Logger = defaultLogger()): Promise<RunningServer> {
  let requests!: RequestService;
  const system = await openSystem({
    logger,
    databaseUrl: config.databaseUrl,
    fakeClock: config.fakeClock,
    handlers: registerHandlers(),
    processesDir: path.join(config.projectRoot, 'processes'),
    jobLockMs: config.jobLockMs,
    jobMaxAttempts: config.jobMaxAttempts,
    install: (sys) => {
      requests = installRequests(sys, {
        classification: config.caseClassification,
        mail: config.smtpUrl ? { mailer: smtpMailer(config.smtpUrl), from: config.mailFrom } : undefined,
        feeIban: config.feeIban,
      });
    },
  });
  // Letter templates come from the database: no letter is rendered before they are loaded.
  await requests.deps.letters.ready;
  await bootstrapAdmin(system, config.bootstrapAdminPassword, log, config.nodeEnv === 'production');
  if (config.demo) await seedDemo(system, requests, { password: config.demoPassword, log });
  const tokens = new TokenService(await tokenSecret(system.db, config.tokenSecret), config.tokenTtlSeconds, system.db);
  const httpLogger = logger.child({ component: 'http' });
  const app = buildApp({ system, config, tokens, requests, log: (m) => httpLogger.error({}, m) });
  if (config.smtpUrl) {
    const queued = await queueOutbox(requests.deps);
    if (queued) log(`${queued} letter(s) from the outbox queued for sending to ${config.smtpUrl.replace(/\/\/[^@]*@/, '//')}`);
  }
  // Timers that came due while the server was down fire now, before the first request is served.
  await system.worker.runDue();
  system.worker.start(config.jobPollMs);
  const stopImap = config.imapUrl ? pollImap(config.imapUrl, config.imapPollSeconds, system, log) : () => undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Loopback and "all interfaces" are both reachable as localhost; a specific address is shown as it is.
  const shown = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  log(`DSR server listening on http://${shown}:${port} (interface ${config.host}; database: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'mysql'}${config.fakeClock ? ', fake clock' : ''})`);
  return {
    system, server, port,
    async stop() {
      stopImap();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await system.close();
    },
  };
}

let sharedLogger: Logger | null = null;
function defaultLogger(): Logger {
  sharedLogger ??= createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  return sharedLogger;
}
function defaultLog(m: string): void {
  defaultLogger().info({}, m);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`Cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  startServer(config).then((running) => {
    const shutdown = () => {
      running.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  }, (err: unknown) => {
    console.error(`Cannot start: ${(err as Error).message}`);
    process.exit(1);
  });
}
