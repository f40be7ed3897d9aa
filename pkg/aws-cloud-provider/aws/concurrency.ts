/** Runs the calls given to it at most `limit` at a time; the rest wait their turn, first come first served. */
export function concurrencyLimit(limit: number): <T>(call: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];

  const acquire = (): Promise<void> => {
    if (running < limit) {
      running++;

      return Promise.resolve();
    }

    return new Promise((resolve) => waiting.push(resolve));
  };
  // A finished call hands its slot straight to the next in line, so none can slip in between.
  const release = () => {
    const next = waiting.shift();

    if (next) {
      next();
    } else {
      running--;
    }
  };

  return async(call) => {
    await acquire();
    try {
      return await call();
    } finally {
      release();
    }
  };
}
