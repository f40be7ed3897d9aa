/**
 * Results handed on in batches: the first of a batch starts a timer, and the batch goes out when
 * it rings (or at `flush()`), so the table renders at most once per period whatever the fleet's size.
 */
export interface Batches<T> {
  push(item: T): void;
  /** Hands on what is waiting now (nothing when nothing is), and stops the timer. */
  flush(): void;
}

export function batches<T>(onBatch: (batch: T[]) => void, everyMs: number): Batches<T> {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (!pending.length) {
      return;
    }
    const batch = pending;

    pending = [];
    onBatch(batch);
  };

  return {
    push(item) {
      pending.push(item);
      timer = timer || setTimeout(flush, everyMs);
    },
    flush,
  };
}
