// The benchmark's in-process contender (bench-gather.ts): one verification as the CLI runs it,
// through the real SDK clients against the local endpoint, timed (wall and this process's CPU),
// its calls counted and their depth noted; and the median of a few such runs.
import {
  BenchEndpoint, inputs, median, REGION, VerdictError
} from './bench-gather-world';
import { sdkClients } from '@cli/src/sdk-clients';
import { summarize } from '@pkg/domain/checks';
import { AwsClients } from '@pkg/aws/clients';
import { verifyTargets } from '@pkg/verification/verify';

/**
 * Clients that note each call's depth: 1 + the deepest call finished when it started. The
 * deepest is an upper bound on the dependent round trips, whatever the CPU time around them.
 */
function withCallDepth(clients: AwsClients): { clients: AwsClients, deepest: () => number } {
  const finished: number[] = [];
  let deepest = 0;
  const wrap = <T extends object>(client: T): T => new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);

      if (typeof value !== 'function') {
        return value;
      }

      return async(...args: unknown[]) => {
        const depth = 1 + Math.max(0, ...finished);
        const result = await value.apply(target, args);

        finished.push(depth);
        deepest = Math.max(deepest, depth);

        return result;
      };
    },
  });

  return { clients: { ec2: wrap(clients.ec2), iam: wrap(clients.iam) }, deepest: () => deepest };
}

export interface Run { wallMs: number, cpuMs: number, calls: number, byAction: Record<string, number>, depth: number }

/** One verification as the CLI runs it (the panel's use case): fresh clients, gathering, checks, tag plan. */
export async function verifyOnce(endpoint: BenchEndpoint, nodes: number): Promise<Run> {
  await endpoint.served();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const measured = withCallDepth(sdkClients(REGION, endpoint.url, 60000));
  const { findings } = await verifyTargets([inputs], async() => measured.clients);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const { count, byAction } = await endpoint.served();
  const summary = summarize(findings);
  // Each instance found gets one cluster-tag finding.
  const found = findings.filter((f) => f.id === 'instance.cluster-tag').map((f) => f.resource);

  if (summary.fail || summary.unknown || summary.warn || !summary.pass) {
    const wrong = findings.filter((f) => f.status !== 'pass').slice(0, 5).map((f) => `${ f.status } ${ f.id } ${ f.resource }: ${ JSON.stringify(f.message) }`);

    throw new VerdictError(`${ nodes } nodes: expected every check to pass, got ${ JSON.stringify(summary) }\n  ${ wrong.join('\n  ') }`);
  }
  if (found.length !== nodes || new Set(found).size !== nodes) {
    throw new VerdictError(`${ nodes } nodes: found ${ found.length } instances (${ new Set(found).size } distinct)`);
  }

  return {
    wallMs, cpuMs: (cpu.user + cpu.system) / 1000, calls: count, byAction, depth: measured.deepest()
  };
}

/** The median of `repeats` runs (by wall time; CPU as its own median). */
export async function verifyMedian(endpoint: BenchEndpoint, nodes: number, latencyMs: number, repeats: number): Promise<Run> {
  const runs: Run[] = [];

  await endpoint.setLatency(latencyMs);
  for (let n = 0; n < repeats; n++) {
    runs.push(await verifyOnce(endpoint, nodes));
  }
  const wallMs = median(runs.map((r) => r.wallMs));

  // median() picks one of the values, so one run has it.
  const middle = runs.find((r) => r.wallMs === wallMs) as Run;

  return { ...middle, cpuMs: median(runs.map((r) => r.cpuMs)) };
}
