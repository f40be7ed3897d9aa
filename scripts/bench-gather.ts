// Benchmark: one verification as users feel it, for 1, 100, 2,500 and 10,000 nodes spread over
// three zones, through the real SDK clients against the local endpoint in a process of its own
// (bench-endpoint.ts). For each size: AWS calls, wall time with answers at once and with LATENCY_MS
// added to every answer, the round trips on the critical path ((wall at LATENCY_MS - wall at 0) /
// LATENCY_MS; our CPU shortens it where it hides latency), the call depth (an upper bound on the
// dependent round trips, CPU aside), our CPU time (this process: SDK parsing, gathering, checks;
// no start-up), and the same reads done by hand with the AWS CLI, one command after another as
// Rancher's docs lead a user. Then, side by side at 0 ms, whole processes as a user starts them:
// a plain SDK script making the same calls (bench-plain-sdk.js), the installed CLI (the bundle
// `npm run package:cli` builds, run as the package runs it) and the repository's CLI (tsx).
// Each figure is the median of a few runs. Exits non-zero unless every check passes and every
// node is found once.
//   npm run bench [-- --sizes 1,100 --latencies 0,100 --repeats 3 --no-by-hand --no-processes]
import { ChildProcess, execFile, fork } from 'child_process';
import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { BenchCommand, BenchReply } from './bench-endpoint';
import { BUNDLE, buildCliBundle } from './package-cli';
import { CLUSTER_ID, CLUSTER_KEY, PROFILE, ROLE } from '@local/aws-endpoint/fixtures';
import { sdkClients } from '@cli/src/sdk-clients';
import { summarize } from '@pkg/domain/checks';
import { ALL_ROLES } from '@pkg/domain/roles';
import { AwsClients } from '@pkg/aws/clients';
import { Target, verifyTargets } from '@pkg/verification/verify';

// The local endpoint takes any signature: dummy credentials, so none are needed and real ones are never sent.
process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCHMARK';
process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;

const LATENCY_MS = 100;
const REGION = 'us-east-1';
const AWS_CLI = '/usr/bin/aws';

const inputs: Target = {
  clusterId:           CLUSTER_ID,
  region:              REGION,
  roles:               [...ALL_ROLES],
  instanceProfileName: PROFILE,
  subnetIds:           ['subnet-1'],
  securityGroupIds:    ['rancher-nodes'],
  vpcId:               'vpc-1',
  instanceIds:         [],
  // The version and the control-plane nodes as a user gives them: verdicts need no assumption.
  kubernetesVersion:   'v1.30.1',
  controlPlane:        { profiles: [PROFILE] },
};

/** The endpoint process and a request/answer over its IPC channel, one at a time. */
class BenchEndpoint {
  private readonly child: ChildProcess = fork(join(__dirname, 'bench-endpoint.ts'), [], { stdio: 'inherit' });
  url = '';

  ask<T extends BenchReply['type']>(command: BenchCommand): Promise<Extract<BenchReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`the benchmark's endpoint exited (${ code })`));

      this.child.once('exit', exited);
      this.child.once('message', (reply: BenchReply) => {
        this.child.off('exit', exited);
        resolve(reply as Extract<BenchReply, { type: T }>);
      });
      this.child.send(command);
    });
  }

  async start(nodes: number): Promise<void> {
    this.url = (await this.ask<'started'>({ type: 'start', nodes })).url;
  }

  async setLatency(ms: number): Promise<void> {
    await this.ask({ type: 'latency', ms });
  }

  /** The requests served since the last call. */
  served(): Promise<Extract<BenchReply, { type: 'requests' }>> {
    return this.ask<'requests'>({ type: 'requests' });
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'stop' });
    this.child.disconnect(); // and the endpoint process exits
  }
}

class VerdictError extends Error {}

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

interface Run { wallMs: number, cpuMs: number, calls: number, byAction: Record<string, number>, depth: number }

/** One verification as the CLI runs it (the panel's use case): fresh clients, gathering, checks, tag plan. */
async function verifyOnce(endpoint: BenchEndpoint, nodes: number): Promise<Run> {
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)];
}

/** The median of `repeats` runs (by wall time; CPU as its own median). */
async function verifyMedian(endpoint: BenchEndpoint, nodes: number, latencyMs: number, repeats: number): Promise<Run> {
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

/** What a user following Rancher's docs runs, one command after another. */
function byHandCommands(): string[][] {
  const tagKey = `Name=tag-key,Values=${ CLUSTER_KEY }`;
  const vpc = `Name=vpc-id,Values=${ inputs.vpcId }`;

  return [
    ['ec2', 'describe-instances', '--filters', tagKey],
    ['ec2', 'describe-subnets', '--filters', vpc],
    ['ec2', 'describe-route-tables', '--filters', vpc],
    ['ec2', 'describe-security-groups', '--filters', tagKey],
    ['ec2', 'describe-security-groups', '--filters', `Name=group-name,Values=${ inputs.securityGroupIds.join(',') }`],
    ['iam', 'get-instance-profile', '--instance-profile-name', PROFILE],
    ['iam', 'get-role', '--role-name', ROLE],
    ['iam', 'list-attached-role-policies', '--role-name', ROLE],
    ['iam', 'list-role-policies', '--role-name', ROLE],
    ['iam', 'get-role-policy', '--role-name', ROLE, '--policy-name', 'cloud-provider'],
  ];
}

function awsCli(url: string, args: string[], pagerFlag: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(AWS_CLI, [...args, '--endpoint-url', url, '--region', REGION, '--output', 'json', ...pagerFlag], {
      env: {
        PATH: '/usr/bin:/bin', HOME: '/tmp', AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK', AWS_SECRET_ACCESS_KEY: 'bench-secret', AWS_PAGER: ''
      },
      maxBuffer: 1024 * 1024 * 1024,
    }, (error, _stdout, stderr) => (error ? reject(new VerdictError(`aws ${ args.join(' ') }: ${ stderr || error.message }`)) : resolve()));
  });
}

/** `--no-cli-pager` exists from AWS CLI v2 on; v1 (Debian's awscli) has no pager and refuses the flag. */
function pagerFlagOf(version: string): string[] {
  return /^aws-cli\/[2-9]/.test(version) ? ['--no-cli-pager'] : [];
}

function awsCliVersion(): Promise<string> {
  return new Promise((resolve, reject) => execFile(AWS_CLI, ['--version'], (error, stdout, stderr) => (error ? reject(new VerdictError(`${ AWS_CLI } is missing: run ./scripts/setup.sh`)) : resolve(`${ stdout }${ stderr }`.trim()))));
}

async function byHand(endpoint: BenchEndpoint, latencyMs: number, pagerFlag: string[]): Promise<{ wallMs: number, calls: number }> {
  await endpoint.setLatency(latencyMs);
  await endpoint.served();
  const started = performance.now();

  for (const command of byHandCommands()) {
    await awsCli(endpoint.url, command, pagerFlag);
  }

  return { wallMs: performance.now() - started, calls: (await endpoint.served()).count };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

const ROOT = join(__dirname, '..');
/** The installed package's layout (bin/ and dist/, no src/), inside the repository so that its packages resolve. */
const INSTALLED = join(ROOT, '.cache', 'bench-cli');

/** Builds the CLI's bundle and lays it out as the installed package has it. */
async function installCli(): Promise<string> {
  try {
    await buildCliBundle();
  } catch (error) {
    // The bundle is written before its dependencies are checked: a missing declaration fails packaging, not this measure.
    console.warn(`bench: ${ (error as Error).message } (measuring the bundle anyway)`);
  }
  for (const dir of ['bin', 'dist']) {
    mkdirSync(join(INSTALLED, dir), { recursive: true });
  }
  copyFileSync(join(ROOT, 'cli', 'bin', 'aws-cloud-provider-check.js'), join(INSTALLED, 'bin', 'aws-cloud-provider-check.js'));
  copyFileSync(BUNDLE, join(INSTALLED, 'dist', 'aws-cloud-provider-check.js'));

  return join(INSTALLED, 'bin', 'aws-cloud-provider-check.js');
}

type Contender = 'plain SDK script' | 'installed CLI' | 'repository CLI';

/** The command line of each contender, the same account and the same inputs. */
function contenders(url: string, installedBin: string): Record<Contender, string[]> {
  const check = [
    '--cluster-id', CLUSTER_ID, '--region', REGION, '--endpoint-url', url, '--instance-profile', PROFILE, '--roles', inputs.roles.join(','),
    '--subnet-id', inputs.subnetIds[0], '--security-group-id', inputs.securityGroupIds[0], '--vpc-id', inputs.vpcId as string,
    '--kubernetes-version', inputs.kubernetesVersion as string, '--control-plane-profile', PROFILE, '--kubeconfig', '', '--output', 'json',
  ];

  return {
    'plain SDK script': [join(__dirname, 'bench-plain-sdk.js'), url, CLUSTER_ID, PROFILE, inputs.vpcId as string, inputs.subnetIds[0], inputs.securityGroupIds[0]],
    'installed CLI':    [installedBin, ...check],
    'repository CLI':   [join(ROOT, 'cli', 'bin', 'aws-cloud-provider-check.js'), ...check],
  };
}

function runNode(args: string[], cpuProfDir?: string): Promise<number> {
  const started = performance.now();

  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), ...args], {
      env: {
        ...process.env, AWS_EC2_METADATA_DISABLED: 'true', KUBECONFIG: ''
      },
      maxBuffer: 1024 * 1024 * 1024
    }, (error, _stdout, stderr) => (error ? reject(new VerdictError(`${ args[0] }: exit ${ error.code }: ${ stderr.slice(0, 500) }`)) : resolve(performance.now() - started)));
  });
}

/** Each contender `repeats` times, taking turns so that the machine's load falls on all alike; the median wall time and the calls. */
async function sideBySide(endpoint: BenchEndpoint, installedBin: string, repeats: number, cpuProfDir?: string): Promise<Record<Contender, { wallMs: number, calls: number }>> {
  const commands = contenders(endpoint.url, installedBin);
  const names = Object.keys(commands) as Contender[];
  const walls = new Map<Contender, number[]>(names.map((name) => [name, []]));
  const calls = new Map<Contender, number>();

  await endpoint.setLatency(0);
  for (let n = 0; n < repeats; n++) {
    for (const name of names) {
      await endpoint.served();
      walls.get(name)?.push(await runNode(commands[name], n === 0 ? cpuProfDir && join(cpuProfDir, name.replace(/ /g, '-')) : undefined));
      calls.set(name, (await endpoint.served()).count);
    }
  }

  return Object.fromEntries(names.map((name) => [name, { wallMs: median(walls.get(name) as number[]), calls: calls.get(name) as number }])) as Record<Contender, { wallMs: number, calls: number }>;
}

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
  const rows = [];
  const details = [];
  const processRows = [];

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

      rows.push({
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
      });
      details.push(`${ nodes } nodes: ${ Object.entries(fast.byAction).map(([action, n]) => `${ action }×${ n }`).join(' ') }`);
      if (withProcesses) {
        const side = await sideBySide(endpoint, installedBin, repeats, values['cpu-prof-dir'] && join(values['cpu-prof-dir'], String(nodes)));
        const plain = side['plain SDK script'].wallMs;

        processRows.push({
          nodes,
          ...Object.fromEntries(Object.entries(side).map(([name, run]) => [`${ name } (s)`, seconds(run.wallMs)])),
          'installed / plain':              `${ Math.round(side['installed CLI'].wallMs / plain * 100) / 100 }×`,
          'calls (plain, installed, repo)': Object.values(side).map((run) => run.calls).join(', '),
        });
      }
    }
  } finally {
    await endpoint.stop();
  }

  console.table(rows);
  console.log(details.join('\n'));
  if (processRows.length) {
    console.log('Whole processes at 0 ms added latency, side by side (start-up included):');
    console.table(processRows);
  }
  if (withByHand) {
    console.log(`By hand: ${ byHandCommands().length } commands of ${ await awsCliVersion() }, in sequence.`);
  }
}

main().catch((error) => {
  console.error(error instanceof VerdictError ? `bench: ${ error.message }` : error);
  process.exit(1);
});
