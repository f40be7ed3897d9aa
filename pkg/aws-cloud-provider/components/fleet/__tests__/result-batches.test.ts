import { batches } from '../result-batches';

describe('results handed on in batches, at most once a period', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('the first result starts the period; all that came in it go out together', () => {
    const out: number[][] = [];
    const results = batches<number>((batch) => out.push(batch), 1000);

    results.push(1);
    jest.advanceTimersByTime(500);
    results.push(2);
    expect(out).toEqual([]);
    jest.advanceTimersByTime(500);
    expect(out).toEqual([[1, 2]]);
    results.push(3);
    jest.advanceTimersByTime(1000);
    expect(out).toEqual([[1, 2], [3]]);
  });

  it('flush hands on what waits now, and the timer does not ring after it', () => {
    const out: number[][] = [];
    const results = batches<number>((batch) => out.push(batch), 1000);

    results.flush();
    expect(out).toEqual([]);
    results.push(1);
    results.flush();
    expect(out).toEqual([[1]]);
    jest.advanceTimersByTime(2000);
    expect(out).toEqual([[1]]);
  });
});
