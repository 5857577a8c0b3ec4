import type { JobQueues } from '@/common/queue/job-queues';
import { WorkerSchedules } from './worker-schedules';

describe('WorkerSchedules', () => {
  afterEach(() => jest.useRealTimers());

  it('puts the schedules in place at start and again every five minutes, until the module is destroyed', async () => {
    jest.useFakeTimers();
    const upserted: string[] = [];
    const queues = { schedule: jest.fn(async (id: string) => void upserted.push(id)) } as unknown as JobQueues;
    const schedules = new WorkerSchedules(queues);

    await schedules.keep();
    const once = upserted.length;
    expect(upserted).toEqual(expect.arrayContaining(['ledger-seal-daily', 'warnings-escalate', 'feedback-overdue-check']));

    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(upserted).toHaveLength(2 * once);
    expect(upserted.slice(once)).toEqual(upserted.slice(0, once));

    schedules.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(15 * 60_000);
    expect(upserted).toHaveLength(2 * once);
  });
});
