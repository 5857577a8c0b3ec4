import { Logger } from '@nestjs/common';

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while a commit is running (or during the same turn of the event loop)
 * are committed together by the next one, so a burst of work costs one transaction per batch instead
 * of one per item. If a batch fails, its items are committed one by one, so that only the item at
 * fault fails (and its job retries) while the others go through.
 */
export class GroupCommit<I, R> {
  private readonly logger = new Logger('group-commit');
  private readonly waiting: Waiting<I, R>[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    /** Commits the items in one transaction; returns one result per item, in order. */
    private readonly commit: (items: I[]) => Promise<R[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    try {
      await this.settle(batch);
    } finally {
      this.running = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }

  private async settle(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => entry.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      this.logger.warn(
        { err: (error as Error).message, items: batch.length },
        'batch failed; committing its items one by one',
      );
      for (const entry of batch) await this.settle([entry]);
    }
  }
}
