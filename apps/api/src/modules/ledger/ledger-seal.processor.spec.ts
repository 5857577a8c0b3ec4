import { addDays, shanghaiDay } from '@canteen/shared';
import type { JobRouter } from '@/common/queue/job-router';
import { LedgerSealProcessor } from './ledger-seal.processor';
import { LedgerSealError, type LedgerSealService, type SealedDay } from './ledger-seal.service';
import type { LedgerVerifyService } from './ledger-verify.service';

describe('LedgerSealProcessor', () => {
  const verification = {
    ok: true,
    checkedAt: '',
    durationMs: 1,
    chains: [],
    digestsChecked: 0,
    digestFailures: [],
  };

  function setup(seal: () => Promise<SealedDay[]>) {
    let handler: ((payload: { through: string }) => Promise<void>) | undefined;
    const router = {
      on: (_job: string, fn: typeof handler) => (handler = fn),
    } as unknown as JobRouter;
    const sealer = { sealThrough: jest.fn(seal) };
    const verifier = { runScheduled: jest.fn(async () => verification) };
    new LedgerSealProcessor(
      sealer as unknown as LedgerSealService,
      verifier as unknown as LedgerVerifyService,
      router,
    );
    return { run: (through: string) => handler!({ through }), sealer, verifier };
  }

  it("seals through yesterday (Asia/Shanghai) when asked for 'yesterday', then verifies the whole tree", async () => {
    const { run, sealer, verifier } = setup(async () => []);
    await run('yesterday');
    expect(sealer.sealThrough).toHaveBeenCalledWith(
      expect.objectContaining({ path: '/' }),
      addDays(shanghaiDay(), -1),
    );
    expect(verifier.runScheduled).toHaveBeenCalledWith(expect.objectContaining({ path: '/' }));
    await run('2026-01-05');
    expect(sealer.sealThrough).toHaveBeenLastCalledWith(expect.anything(), '2026-01-05');
  });

  it('still verifies when a county could not be sealed, then fails the job', async () => {
    const { run, verifier } = setup(async () => {
      throw new LedgerSealError(['511702 通川区: export conflict'], []);
    });
    await expect(run('yesterday')).rejects.toThrow(/511702/);
    expect(verifier.runScheduled).toHaveBeenCalledTimes(1);
  });
});
