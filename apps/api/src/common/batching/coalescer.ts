/**
 * Collects the keys asked for during one turn of the event loop and loads them with one call, so
 * that many concurrent jobs asking the same kind of question cost one query, not one each. Nothing
 * is cached beyond that turn: every answer is as fresh as a direct read.
 */
export class Coalescer<K, V> {
  private pending: { keys: Set<K>; loaded: Promise<Map<K, V>> } | null = null;

  constructor(private readonly load: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    if (!this.pending) {
      const keys = new Set<K>();
      const loaded = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending = null;
        return this.load([...keys]);
      });
      this.pending = { keys, loaded };
    }
    this.pending.keys.add(key);
    return this.pending.loaded.then((values) => values.get(key));
  }
}
