/**
 * A binary max-heap of (count, key) entries for BPE learning: the top is the largest count, and among equal counts
 * the smallest key, so ties between pairs are broken deterministically. Two parallel number arrays instead of one
 * object per entry, because learning pushes millions of entries.
 */
export class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    this.siftUp(this.counts.length - 1);
  }

  /** Removes and returns the top entry, or undefined when empty. */
  pop(): { count: number; key: number } | undefined {
    const n = this.counts.length;
    if (n === 0) return undefined;
    const top = { count: this.counts[0] ?? 0, key: this.keys[0] ?? 0 };
    const lastCount = this.counts.pop() ?? 0;
    const lastKey = this.keys.pop() ?? 0;
    if (n > 1) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      this.siftDown(0);
    }
    return top;
  }

  /** True when entry i should sit above entry j. */
  private before(i: number, j: number): boolean {
    const ci = this.counts[i] ?? 0;
    const cj = this.counts[j] ?? 0;
    return ci > cj || (ci === cj && (this.keys[i] ?? 0) < (this.keys[j] ?? 0));
  }

  private swap(i: number, j: number): void {
    const c = this.counts[i] ?? 0;
    this.counts[i] = this.counts[j] ?? 0;
    this.counts[j] = c;
    const k = this.keys[i] ?? 0;
    this.keys[i] = this.keys[j] ?? 0;
    this.keys[j] = k;
  }

  private siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const n = this.counts.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < n && this.before(left, best)) best = left;
      if (right < n && this.before(right, best)) best = right;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}
