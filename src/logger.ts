import { pino } from 'pino';
import pretty from 'pino-pretty';

/**
 * The system's one logger. Log lines carry ids (request id, job id, case id, element id) and error
 * messages, never a person's data: no names, identifiers, addresses, request bodies or query strings.
 * JSON lines in production (for the log collector); readable lines in development.
 */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: object): Logger;
}

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  format?: LogFormat;
  /** Where lines go (tests collect them); standard error by default. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(o: LoggerOptions = {}): Logger {
  const level = o.level ?? 'info';
  const format = o.format ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty');
  const base = { level, base: undefined, serializers: { err: pino.stdSerializers.err } };
  if (format === 'pretty') {
    return pino(base, pretty({ sync: true, colorize: false, translateTime: 'SYS:HH:MM:ss.l', destination: o.destination ?? process.stderr }));
  }
  return pino(base, (o.destination ?? process.stderr) as NodeJS.WritableStream & { write(s: string): boolean });
}

/** A logger that drops everything: the default of library code that is given none (tests). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
