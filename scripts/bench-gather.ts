// Benchmark: one verification as users feel it, for 1, 100, 2,500 and 10,000 nodes spread over
// three zones, through the real SDK clients against the local endpoint in a process of its own
// (bench-endpoint.ts). For each size: AWS calls, wall time with answers at once and with LATENCY_MS
// added to every answer, the round trips on the critical path ((wall at LATENCY_MS - wall at 0) /
// LATENCY_MS; our CPU shortens it where it hides latency), the call depth (an upper bound on the
// dependent round trips, CPU aside), our CPU time (this process: SDK parsing, gathering, checks;
// no start-up), and the same reads done by hand with the AWS CLI, one command after another as
// Rancher's docs lead a user. Then, side by side at 0 ms, whole processes as a user starts them:
// a plain SDK script making the same calls (bench-plain-sdk.js), the installed CLI (the bundle
// `npm run package:cli` builds, run as the package runs it) with its default report and with
// `--output json`, and the repository's CLI (tsx).
// Each figure is the median of a few runs. Exits non-zero unless every check passes and every
// node is found once.
//   npm run bench [-- --sizes 1,100 --latencies 0,100 --repeats 3 --no-by-hand --no-processes --cpu-prof-dir DIR]
// The pieces: bench-gather-world.ts (inputs, the endpoint process), bench-gather-in-process.ts,
// bench-gather-by-hand.ts, bench-gather-processes.ts (the contenders), bench-gather-report.ts.
import { join } from 'path';
import { parseArgs } from 'util';
import { awsCliVersion, byHand, byHandCommands, pagerFlagOf } from './bench-gather-by-hand';
import { Run, verifyMedian, verifyOnce } from './bench-gather-in-process';
import { installCli, sideBySide } from './bench-gather-processes';
import {
  actionsLine, printReport, processRow, Row, runsLine, verifyRow
} from './bench-gather-report';
import { BenchEndpoint, LATENCY_MS, VerdictError } from './bench-gather-world';

// The local endpoint takes any signature: dummy credentials, so none are needed and real ones are never sent.
process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCHMARK';
process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;

async function main() {
  const { values } = parseArgs({
    options: {
      sizes:          { type: 'string', default: '1,100,2500,10000' },
      latencies:      { type: 'string', default: `0,${ LATENCY_MS }` },
      'no-by-hand':   { type: 'boolean' },
      repeats:        { type: 'string' },
      'no-processes': { type: 'boolean' },
      'cpu-prof-dir': { type: 'string' },
    },
  });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const latencies = (values.latencies ?? '').split(',').map(Number);
  const [low, high] = [Math.min(...latencies), Math.max(...latencies)];
  const withByHand = !values['no-by-hand'];
  const pagerFlag = withByHand ? pagerFlagOf(await awsCliVersion()) : [];
  const withProcesses = !values['no-processes'];
  const installedBin = withProcesses ? await installCli() : '';
  const endpoint = new BenchEndpoint();
  const rows: Row[] = [];
  const details: string[] = [];
  const processRows: Row[] = [];
  const processRuns: string[] = [];

  try {
    for (const nodes of sizes) {
      await endpoint.start(nodes);
      // Runs are noisy (two cores, the endpoint on one): the median of a few.
      const repeats = values.repeats ? Number(values.repeats) : 3;

      if (!rows.length) {
        await verifyOnce(endpoint, nodes); // warms up the SDK and the JIT, as a long-running panel is
      }
      const runs = new Map<number, Run>();

      for (const latencyMs of latencies) {
        runs.set(latencyMs, await verifyMedian(endpoint, nodes, latencyMs, repeats));
      }
      const hand = withByHand ? await byHand(endpoint, high, pagerFlag) : undefined;
      const [fast, slow] = [low, high].map((latencyMs) => runs.get(latencyMs) as Run); // both measured above

      rows.push(verifyRow(nodes, low, high, fast, slow, hand));
      details.push(actionsLine(nodes, fast));
      if (withProcesses) {
        const side = await sideBySide(endpoint, installedBin, repeats, values['cpu-prof-dir'] && join(values['cpu-prof-dir'], String(nodes)));

        processRows.push(processRow(nodes, side));
        processRuns.push(runsLine(nodes, side));
      }
    }
  } finally {
    await endpoint.stop();
  }

  printReport(rows, details, processRows, processRuns);
  if (withByHand) {
    console.log(`By hand: ${ byHandCommands().length } commands of ${ await awsCliVersion() }, in sequence.`);
  }
}

main().catch((error) => {
  console.error(error instanceof VerdictError ? `bench: ${ error.message }` : error);
  process.exit(1);
});
