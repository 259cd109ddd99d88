import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { KernelConfig } from './config/config.ts';

/** Whether log lines are written for a person (LOG_FORMAT=pretty, or unset at a terminal) rather than as JSON. */
export function logsForAPerson(config: Pick<KernelConfig, 'logFormat'>, stdoutIsTerminal = process.stdout.isTTY === true): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && stdoutIsTerminal);
}

/**
 * The kernel's logger: JSON lines (one object a line, for log collectors) unless they are for a
 * person, then pino-pretty's coloured lines. Both write synchronously, so what is logged before
 * the start-up banner is printed before it.
 */
export function createLogger(config: Pick<KernelConfig, 'logLevel' | 'logFormat'>, stdoutIsTerminal?: boolean): Logger {
  const options = { level: config.logLevel, base: { service: 'kits-kernel' } };
  if (!logsForAPerson(config, stdoutIsTerminal)) return pino(options);
  return pino(
    options,
    pretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss.l' }),
  );
}
