import { mapLimited } from './map-limited';

describe('mapLimited', () => {
  it('answers in the items’ order with never more than the limit running', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapLimited([1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (n === 2) throw new Error('chain 2 unreadable');
        return n;
      }),
    ).rejects.toThrow('chain 2 unreadable');
    expect(started).toEqual([1, 2, 3]);
  });

  it('answers nothing for no items', async () => {
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
  });
});
