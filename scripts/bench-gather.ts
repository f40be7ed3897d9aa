// Benchmark: AWS calls and dependent round trips of one verification, for 1, 100 and 5,000
// instances, through the real SDK clients against the local endpoint (every answer delayed by
// LATENCY_MS). A call's depth is 1 + the deepest call that had finished when it started; the
// deepest call is the number of dependent round trips.
//   npx tsx scripts/bench-gather.ts
import { startAwsEndpoint } from '../local/aws-endpoint/server';
import { greenScenario, CLUSTER_ID, PROFILE } from '../local/aws-endpoint/fixtures';
import { sdkClients } from '../cli/src/sdk-clients';
import { gatherClusterFacts } from '../pkg/aws-cloud-provider/aws/gather';
import { runChecks, summarize } from '../pkg/aws-cloud-provider/domain/checks';
import { ALL_ROLES } from '../pkg/aws-cloud-provider/domain/roles';
import { AwsClients } from '../pkg/aws-cloud-provider/aws/clients';

/** Wraps every client method to measure the depth of each call. */
function withDepth(clients: AwsClients): { clients: AwsClients, depth: () => number } {
  const finished: number[] = [];
  let deepest = 0;
  const wrap = (client: any) => new Proxy(client, {
    get(target, prop) {
      const value = target[prop];

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

  return { clients: { ec2: wrap(clients.ec2), iam: wrap(clients.iam) }, depth: () => deepest };
}

const LATENCY_MS = 50;

async function measure(instances: number, simulation: boolean) {
  const scenario = greenScenario();
  const template = scenario.instances![0];

  scenario.instances = Array.from({ length: instances }, (_, n) => ({ ...template, InstanceId: `i-${ String(n).padStart(17, '0') }` }));
  scenario.latencyMs = LATENCY_MS;
  if (simulation) {
    scenario.simulation = { default: 'allowed' };
  }

  const endpoint = await startAwsEndpoint(scenario);
  const inputs = {
    clusterId: CLUSTER_ID, region: 'us-east-1', roles: [...ALL_ROLES], instanceProfileName: PROFILE, subnetIds: ['subnet-1'], securityGroupIds: ['rancher-nodes'], vpcId: 'vpc-1', instanceIds: []
  };
  const started = process.hrtime.bigint();
  const measured = withDepth(sdkClients('us-east-1', endpoint.url, 30000));
  const facts = await gatherClusterFacts(measured.clients, inputs);
  const gatherMs = Number(process.hrtime.bigint() - started) / 1e6;
  const checkStarted = process.hrtime.bigint();
  const findings = runChecks(inputs, facts);
  const checkMs = Number(process.hrtime.bigint() - checkStarted) / 1e6;

  await endpoint.close();

  const byAction: Record<string, number> = {};

  for (const request of endpoint.requests) {
    byAction[request.action] = (byAction[request.action] || 0) + 1;
  }

  const row = {
    instances,
    iamSimulation:   simulation ? 'allowed' : 'refused',
    calls:           endpoint.requests.length,
    roundTrips:      measured.depth(),
    gatherMs:        Math.round(gatherMs),
    checkMs:         Math.round(checkMs * 10) / 10,
    findings:        findings.length,
    summary:         JSON.stringify(summarize(findings)),
  };

  return { row, byAction: Object.entries(byAction).map(([a, n]) => `${ a }×${ n }`).join(' ') };
}

async function main() {
  const rows = [];

  for (const instances of [1, 100, 5000]) {
    for (const simulation of [true, false]) {
      rows.push(await measure(instances, simulation));
    }
  }
  console.table(rows.map((r) => r.row));
  for (const { row, byAction } of rows) {
    console.log(`${ row.instances } instances, simulation ${ row.iamSimulation }: ${ byAction }`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
