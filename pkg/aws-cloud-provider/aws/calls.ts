/**
 * One AWS call as a fact: its answer, or its error as data (`failed`); cancellation is the one
 * thing that throws, and stops every call at once. Also the small helpers that put the facts of
 * several calls together.
 */

import { awsErrorOf } from './errors';
import { Fact, failed, ok } from '../domain/facts';

export interface GatherOptions {
  /** Stops the gathering between calls (the panel's Cancel). */
  signal?: AbortSignal;
  /** Hears progress: the name of each AWS operation as it completes. */
  onProgress?: (operation: string) => void;
}

export class GatherCancelled extends Error {
  constructor() {
    super('Verification cancelled');
    this.name = 'GatherCancelled';
  }
}

function checkCancelled(options: GatherOptions): void {
  if (options.signal?.aborted) {
    throw new GatherCancelled();
  }
}

/**
 * `call()`, or GatherCancelled as soon as `signal` aborts, so a hung request does not hold up
 * Cancel. The abort listener goes when the call settles: a fleet run makes thousands of calls on
 * one signal, and a listener left behind would keep each answer alive until the run ends.
 */
function cancellable<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new GatherCancelled());

    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve().then(call).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Runs one AWS call, turning its error into a fact; cancellation stops everything at once. */
export async function attempt<T>(operation: string, options: GatherOptions, call: () => Promise<T>): Promise<Fact<T>> {
  checkCancelled(options);
  try {
    const value = options.signal ? await cancellable(call, options.signal) : await call();

    checkCancelled(options);
    options.onProgress?.(operation);

    return ok(value);
  } catch (error) {
    if (error instanceof GatherCancelled) {
      throw error;
    }
    checkCancelled(options);

    return failed(awsErrorOf(operation, error));
  }
}

/** The items of several facts, or the first error. */
export function combine<T>(facts: Fact<T[]>[]): Fact<T[]> {
  const failure = facts.find((fact) => !fact.ok);

  if (failure) {
    return failure;
  }

  return ok(facts.flatMap((fact) => (fact.ok ? fact.value : [])));
}

export function uniqueBy<T>(items: T[], key: (item: T) => string | undefined): T[] {
  const seen = new Map<string, T>();

  for (const item of items) {
    const k = key(item);

    if (k && !seen.has(k)) {
      seen.set(k, item);
    }
  }

  return [...seen.values()];
}

/** Several lookups of the same kind as one fact: their items without repeats, or the first error. */
export function merged<T>(facts: Fact<T[]>[], key: (item: T) => string | undefined): Fact<T[]> {
  const all = combine(facts);

  return all.ok ? ok(uniqueBy(all.value, key)) : all;
}

/** The values once each, in first-seen order, without the empty ones. */
export function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}

export function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];

  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }

  return out;
}
