import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('commits what is submitted in one turn as one batch, and what arrives during a commit as the next', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstRunning = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<number, string>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await firstRunning;
      return items.map((n) => `done ${n}`);
    }, 100);

    const first = [1, 2, 3].map((n) => group.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    const second = [4, 5].map((n) => group.submit(n));
    release();

    expect(await Promise.all([...first, ...second])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('never puts more than its maximum in one batch', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 4);
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => group.submit(i)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('after a failed batch commits its items one by one, so only the one at fault fails', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (items.includes(13)) throw new Error('13 is refused');
      return items.map((n) => n * 2);
    }, 100);

    const results = await Promise.allSettled([12, 13, 14].map((n) => group.submit(n)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 24 },
      { status: 'rejected', reason: new Error('13 is refused') },
      { status: 'fulfilled', value: 28 },
    ]);
    expect(batches).toEqual([[12, 13, 14], [12], [13], [14]]);
  });
});
