// The benchmark's printed report (bench-gather.ts): a row per size for the in-process runs (and
// the by-hand commands beside them), the calls by action, and a row per size for the whole
// processes side by side. Times in seconds, to the millisecond.
import { Run } from './bench-gather-in-process';
import { Contender, Side } from './bench-gather-processes';

/** A row of a printed table, column → value. */
export type Row = Record<string, number | string>;
type Timed = { wallMs: number, calls: number };

const seconds = (ms: number) => Math.round(ms) / 1000;

/** One size's in-process row: `fast` at the lowest added latency, `slow` at the highest, `hand` at the highest. */
export function verifyRow(nodes: number, low: number, high: number, fast: Run, slow: Run, hand?: Timed): Row {
  return {
    nodes,
    calls:                           fast.calls,
    [`wall ${ low } ms (s)`]:         seconds(fast.wallMs),
    [`wall ${ high } ms (s)`]:        seconds(slow.wallMs),
    'round trips':                   high > low ? Math.round((slow.wallMs - fast.wallMs) / (high - low) * 10) / 10 : '-',
    [`call depth at ${ high } ms`]:   slow.depth,
    [`CPU at ${ low } ms (s)`]:       seconds(fast.cpuMs),
    [`by hand ${ high } ms (s)`]:     hand ? seconds(hand.wallMs) : '-',
    'by-hand calls':                 hand ? hand.calls : '-',
    'speed-up':                      hand ? `${ Math.round(hand.wallMs / slow.wallMs * 10) / 10 }×` : '-',
  };
}

/** One size's calls by action, e.g. `1 nodes: DescribeInstances×1 GetRole×1 ...`. */
export function actionsLine(nodes: number, run: Run): string {
  return `${ nodes } nodes: ${ Object.entries(run.byAction).map(([action, n]) => `${ action }×${ n }`).join(' ') }`;
}

/** One size's row of whole processes side by side. */
export function processRow(nodes: number, side: Record<Contender, Side>): Row {
  const plain = side['plain SDK script'].wallMs;

  return {
    nodes,
    ...Object.fromEntries(Object.entries(side).map(([name, run]) => [`${ name } (s)`, seconds(run.wallMs)])),
    'installed / plain':              `${ Math.round(side['installed CLI'].wallMs / plain * 100) / 100 }×`,
    'JSON / plain':                   `${ Math.round(side['installed CLI, JSON'].wallMs / plain * 100) / 100 }×`,
    'calls (each)':                   Object.values(side).map((run) => run.calls).join(', '),
  };
}

/** Every run behind one size's medians, e.g. `10000 nodes, runs (s): plain SDK script 2.71 2.80 …`: how much they move. */
export function runsLine(nodes: number, side: Record<Contender, Side>): string {
  return `${ nodes } nodes, runs (s): ${ Object.entries(side).map(([name, run]) => `${ name } ${ run.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(' ') }`).join('; ') }`;
}

/** The tables and the calls by action, as gathered. */
export function printReport(rows: Row[], details: string[], processRows: Row[], processRuns: string[]): void {
  console.table(rows);
  console.log(details.join('\n'));
  if (processRows.length) {
    console.log('Whole processes at 0 ms added latency, side by side (start-up included; medians, then every run):');
    console.table(processRows);
    console.log(processRuns.join('\n'));
  }
}
