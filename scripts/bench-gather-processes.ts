// The benchmark's whole-process contenders (bench-gather.ts), side by side at 0 ms: the plain SDK
// script (bench-plain-sdk.js), the installed CLI (the bundle, laid out as the package has it) with
// its default report and with `--output json` (every finding, 16 MB at 10,000 nodes), and the
// repository's CLI, each started as a user starts it, optionally with a CPU profile each.
import { execFile } from 'child_process';
import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import {
  BenchEndpoint, inputs, median, REGION, VerdictError
} from './bench-gather-world';
import { BUNDLE, buildCliBundle } from './package-cli';
import { CLUSTER_ID, PROFILE } from '@local/aws-endpoint/fixtures';

const ROOT = join(__dirname, '..');
/** The installed package's layout (bin/ and dist/, no src/), inside the repository so that its packages resolve. */
const INSTALLED = join(ROOT, '.cache', 'bench-cli');

/** Builds the CLI's bundle and lays it out as the installed package has it. */
export async function installCli(): Promise<string> {
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

export type Contender = 'plain SDK script' | 'installed CLI' | 'installed CLI, JSON' | 'repository CLI';

/** The command line of each contender, the same account and the same inputs. */
function contenders(url: string, installedBin: string): Record<Contender, string[]> {
  const check = [
    '--cluster-id', CLUSTER_ID, '--region', REGION, '--endpoint-url', url, '--instance-profile', PROFILE, '--roles', inputs.roles.join(','),
    '--subnet-id', inputs.subnetIds[0], '--security-group-id', inputs.securityGroupIds[0], '--vpc-id', inputs.vpcId as string,
    '--kubernetes-version', inputs.kubernetesVersion as string, '--control-plane-profile', PROFILE, '--kubeconfig', '',
  ];

  return {
    'plain SDK script':    [join(__dirname, 'bench-plain-sdk.js'), url, CLUSTER_ID, PROFILE, inputs.vpcId as string, inputs.subnetIds[0], inputs.securityGroupIds[0]],
    'installed CLI':       [installedBin, ...check],
    'installed CLI, JSON': [installedBin, ...check, '--output', 'json'],
    'repository CLI':      [join(ROOT, 'cli', 'bin', 'aws-cloud-provider-check.js'), ...check],
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

/** What one contender did: the median wall time, every run's (in order) and the calls. */
export type Side = { wallMs: number, runsMs: number[], calls: number };

/** Each contender `repeats` times, taking turns so that the machine's load falls on all alike. */
export async function sideBySide(endpoint: BenchEndpoint, installedBin: string, repeats: number, cpuProfDir?: string): Promise<Record<Contender, Side>> {
  const commands = contenders(endpoint.url, installedBin);
  const names = Object.keys(commands) as Contender[];
  const walls = new Map<Contender, number[]>(names.map((name) => [name, []]));
  const calls = new Map<Contender, number>();

  await endpoint.setLatency(0);
  for (let n = 0; n < repeats; n++) {
    for (const name of names) {
      await endpoint.served();
      walls.get(name)?.push(await runNode(commands[name], n === 0 ? cpuProfDir && join(cpuProfDir, name.replace(/,? /g, '-')) : undefined));
      calls.set(name, (await endpoint.served()).count);
    }
  }

  return Object.fromEntries(names.map((name) => {
    const runsMs = walls.get(name) as number[];

    return [name, {
      wallMs: median(runsMs), runsMs, calls: calls.get(name) as number
    }];
  })) as Record<Contender, Side>;
}
