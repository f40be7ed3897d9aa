// The benchmark's AWS endpoint, run in a process of its own (forked by bench-gather.ts) so that
// the XML it writes is not counted as our CPU time and does not queue behind our work: an
// independent EC2/IAM endpoint, as AWS is. Driven over the IPC channel, see BenchCommand.
import { startAwsEndpoint, AwsEndpoint } from '@local/aws-endpoint/server';
import { greenScenario, CLUSTER_KEY } from '@local/aws-endpoint/fixtures';
import { Scenario } from '@local/aws-endpoint/scenario';

/** The zones the nodes spread over, each with the cluster-tagged subnet its nodes are in. */
export const BENCH_ZONES: readonly { zone: string, subnetId: string }[] = [
  { zone: 'us-east-1a', subnetId: 'subnet-1' },
  { zone: 'us-east-1b', subnetId: 'subnet-public-b' },
  { zone: 'us-east-1c', subnetId: 'subnet-c' },
];

/** The green scenario with `nodes` cluster-tagged instances, round-robin over BENCH_ZONES. */
export function clusterOfSize(nodes: number): Scenario {
  const scenario = greenScenario();
  const template = scenario.instances[0];

  scenario.subnets.push({
    SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1c', Tags: [{ Key: CLUSTER_KEY, Value: 'owned' }]
  });
  scenario.instances = Array.from({ length: nodes }, (_, n) => {
    const { zone, subnetId } = BENCH_ZONES[n % BENCH_ZONES.length];
    // Real IDs: i- and 17 hex digits.
    const InstanceId = `i-${ n.toString(16).padStart(17, '0') }`;

    return {
      ...template,
      InstanceId,
      Tags:             [{ Key: CLUSTER_KEY, Value: 'owned' }, { Key: 'Name', Value: `node-${ n }` }],
      SubnetId:         subnetId,
      AvailabilityZone: zone,
      PrivateDnsName:   `ip-10-0-${ Math.floor(n / 250) }-${ n % 250 }.ec2.internal`,
    };
  });

  return scenario;
}

export type BenchCommand =
  | { type: 'start', nodes: number }
  | { type: 'latency', ms: number }
  /** Answers with the requests served since the last `requests`, and forgets them. */
  | { type: 'requests' }
  | { type: 'stop' };

export type BenchReply =
  | { type: 'started', url: string }
  | { type: 'done' }
  | { type: 'requests', count: number, byAction: Record<string, number> };

function serve(): void {
  let endpoint: AwsEndpoint | undefined;
  const reply = (message: BenchReply) => {
    if (!process.send) {
      throw new Error('bench-endpoint.ts serves the benchmark as its child process: run it through BenchEndpoint');
    }
    process.send(message);
  };
  const started = () => {
    if (!endpoint) {
      throw new Error('no endpoint yet: the benchmark sends start first');
    }

    return endpoint;
  };

  // Without the benchmark (it stopped us, or died), nothing is left to serve.
  process.on('disconnect', () => process.exit(0));

  process.on('message', async(command: BenchCommand) => {
    switch (command.type) {
    case 'start':
      await endpoint?.close();
      endpoint = await startAwsEndpoint(clusterOfSize(command.nodes));
      reply({ type: 'started', url: endpoint.url });
      break;
    case 'latency':
      started().scenario.latencyMs = command.ms;
      reply({ type: 'done' });
      break;
    case 'requests': {
      const byAction: Record<string, number> = {};
      const served = started().requests.splice(0);

      for (const request of served) {
        byAction[request.action] = (byAction[request.action] || 0) + 1;
      }
      reply({
        type: 'requests', count: served.length, byAction
      });
      break;
    }
    case 'stop':
      await endpoint?.close();
      reply({ type: 'done' });
      break;
    }
  });
}

if (require.main === module && process.send) {
  serve();
}
