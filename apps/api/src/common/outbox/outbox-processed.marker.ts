import { Logger } from '@nestjs/common';
import type { OutboxRepository } from './outbox.repository';

export interface MarkerOptions {
  flushAfterMs: number;
  flushAt: number;
}

/**
 * Records which outbox events the worker has processed with one UPDATE per batch (every
 * `flushAfterMs`, or at once when `flushAt` ids wait): a statement per event would cost the worker
 * its event rate. A mark lost in a crash only lets the relay's sweep deliver that event again, and
 * subscribers are idempotent by event id.
 */
export class OutboxProcessedMarker {
  private readonly logger = new Logger('outbox');
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  // One UPDATE at a time: while one runs, the next batch grows instead of a second statement starting.
  private written: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly options: MarkerOptions = { flushAfterMs: 100, flushAt: 500 },
  ) {}

  /**
   * Resolves at once while running. Once closing, it resolves when the mark is written, so that the
   * jobs still finishing during a shutdown keep their marks.
   */
  mark(eventId: string): Promise<void> {
    this.pending.add(eventId);
    if (this.closing) return this.flush();
    if (this.pending.size >= this.options.flushAt) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushAfterMs);
    return Promise.resolve();
  }

  /** Writes the waiting marks; resolves when every mark given so far is written (or given up). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size > 0) {
      const ids = [...this.pending];
      this.pending = new Set();
      this.written = this.written.then(() => this.write(ids));
    }
    return this.written;
  }

  close(): Promise<void> {
    this.closing = true;
    return this.flush();
  }

  private async write(ids: string[]): Promise<void> {
    try {
      await this.repository.markProcessed(ids);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, events: ids.length }, 'could not mark outbox events processed; the sweep will deliver them again');
    }
  }
}
