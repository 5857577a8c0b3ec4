import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('loads the distinct keys asked for in one turn with one call, and asks again in the next turn', async () => {
    const calls: string[][] = [];
    const names = new Coalescer<string, string>(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((key) => key !== 'unknown').map((key) => [key, key.toUpperCase()]));
    });

    expect(await Promise.all(['a', 'b', 'a', 'unknown'].map((key) => names.get(key)))).toEqual(['A', 'B', 'A', undefined]);
    expect(await names.get('a')).toBe('A');
    expect(calls).toEqual([['a', 'b', 'unknown'], ['a']]);
  });

  it('fails every caller of a turn whose load failed, and loads afresh in the next', async () => {
    let fail = true;
    const values = new Coalescer<number, number>(async (keys) => {
      if (fail) throw new Error('database unavailable');
      return new Map(keys.map((key) => [key, key + 1]));
    });
    await expect(Promise.all([values.get(1), values.get(2)])).rejects.toThrow('database unavailable');
    fail = false;
    expect(await values.get(1)).toBe(2);
  });
});
