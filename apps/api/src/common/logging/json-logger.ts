import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Nest's own messages go out through the same pino instance as Fastify's request logs: one JSON stream. */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  static create(level: string, name: string): JsonLogger {
    return new JsonLogger(pino({ level, base: { service: name } }));
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, trace?: string) {
    if (message !== null && typeof message === 'object') {
      this.pino[level]({ context, trace, ...(message as object) });
    } else {
      this.pino[level]({ context, trace }, String(message));
    }
  }
}
