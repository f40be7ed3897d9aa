/**
 * @jest-environment node
 */
import { execFile } from 'child_process';
import { join } from 'path';
import { Demo, startDemo } from '@local/demo';
import { CUSTOM_CLUSTER } from '@local/fake-rancher/custom-demo';
import { BROKEN_CLUSTER } from '@local/fake-rancher/ec2-broken';
import { EC2_CLUSTER } from '@local/fake-rancher/ec2-demo';
import { CREDENTIAL_ID, RETIRED_CLUSTER_ID, SUBNETS } from '@local/fake-rancher/ids';

/**
 * `fleet`: the real CLI against the demo's servers without a dashboard (the fake Rancher API and
 * the local AWS endpoint behind its /meta/proxy), with the API token the demo prints. No AWS
 * credentials in its environment: Rancher signs the AWS requests with each cluster's credential.
 */

const BIN = join(__dirname, '..', '..', 'bin', 'aws-cloud-provider-check.js');

interface Run { code: number, stdout: string, stderr: string }

/** No AWS_* at all: the CLI must not need them. */
const env = () => ({
  PATH: process.env.PATH || '', HOME: '/nonexistent-home', AWS_EC2_METADATA_DISABLED: 'true'
});

function fleet(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'fleet', ...args], {
      env: { ...env(), ...extraEnv }, timeout: 90000, maxBuffer: 64 * 1024 * 1024
    }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr
      });
    });
  });
}

interface JsonCluster { name: string, id: string, kubernetesVersion: string, provider: string, summary: Record<string, number>, checks: { id: string, status: string, resource: string, message: string }[], notes?: string[] }

let demo: Demo;

beforeAll(async() => {
  demo = await startDemo();
});

afterAll(async() => {
  await demo?.close();
});

describe('aws-cloud-provider-check fleet', () => {
  it('verifies every Amazon cluster through Rancher: ec2-demo warns of the subnet tagged for c-m-retired1; exit 1 for ec2-broken', async() => {
    const run = await fleet(['--rancher-url', demo.url, '--token', demo.token, '--output', 'json']);
    const { clusters } = JSON.parse(run.stdout) as { clusters: JsonCluster[] };
    const byName = Object.fromEntries(clusters.map((cluster) => [cluster.name, cluster]));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(clusters.map((cluster) => cluster.name)).toEqual([CUSTOM_CLUSTER.name, BROKEN_CLUSTER.name, EC2_CLUSTER.name]);
    expect(byName[EC2_CLUSTER.name]).toMatchObject({
      id:                EC2_CLUSTER.id,
      kubernetesVersion: EC2_CLUSTER.kubernetesVersion,
      provider:          'outOfTree',
      summary:           {
        fail: 0, unknown: 0, warn: 1
      }
    });
    const problems = byName[EC2_CLUSTER.name].checks.filter((check) => check.status !== 'pass');

    expect(problems).toEqual([expect.objectContaining({
      id: 'subnet.cluster-tag', status: 'warn', resource: SUBNETS.ec2Nodes
    })]);
    expect(problems[0].message).toContain(RETIRED_CLUSTER_ID);
    // The pools' checks and the running cluster's, in one report.
    const ids = new Set(byName[EC2_CLUSTER.name].checks.map((check) => check.id));

    for (const id of ['instance-profile.permissions', 'instance-profile.pass-role', 'node.instance', 'controller.install', 'node.initialized']) {
      expect([id, ids.has(id)]).toEqual([id, true]);
    }
    expect(byName[BROKEN_CLUSTER.name].summary.fail).toBeGreaterThan(0);
    expect(byName[BROKEN_CLUSTER.name].checks.some((check) => check.id === 'controller.scheduling' && check.status === 'fail' && check.message.includes('node-role.kubernetes.io/etcd:NoExecute'))).toBe(true);
    expect(byName[CUSTOM_CLUSTER.name]).toMatchObject({ provider: 'outOfTreeNoController', notes: [expect.stringContaining('no cloud credential')] });

    // Everything through Rancher with the token; AWS through /meta/proxy with the cluster's credential.
    expect(demo.rancher.unauthorized).toEqual([]);
    expect(demo.rancher.authenticated.some((r) => r.path.startsWith('/v1/provisioning.cattle.io.clusters'))).toBe(true);
    expect(demo.rancher.authenticated.some((r) => r.path.startsWith(`/k8s/clusters/${ EC2_CLUSTER.managementId }/v1/nodes`))).toBe(true);
    expect(demo.rancher.proxied.length).toBeGreaterThan(0);
    expect(demo.rancher.proxied.every((call) => call.credentialId === CREDENTIAL_ID && /\.api\.aws$/.test(call.host))).toBe(true);
    expect(demo.rancher.refused).toEqual([]);
    expect(demo.aws.requests.some((r) => r.action === 'DescribeSubnets')).toBe(true);
  });

  it('prints a table per cluster and the problems of each, as check does', async() => {
    const run = await fleet(['--rancher-url', demo.url, '--token', demo.token, '--color', 'never']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Amazon clusters: 3\n/);
    expect(run.stdout).toMatch(/ec2-demo\s+v1\.33\.5\+rke2r1\s+Out-of-tree, controller configured\s+aws-rancher\s+Warnings \(1 warning, \d+ OK\)/);
    expect(run.stdout).toMatch(/ec2-broken\s+.*Failed/);
    expect(run.stdout).toContain(`== ${ EC2_CLUSTER.name } (${ EC2_CLUSTER.id }) ==`);
    expect(run.stdout).toContain(`tagged only for other clusters (${ RETIRED_CLUSTER_ID })`);

    const markdown = await fleet(['--rancher-url', demo.url, '--token', demo.token, '--output', 'markdown']);

    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('| ec2-demo | v1.33.5+rke2r1 | Out-of-tree, controller configured | aws-rancher | Warnings');
    expect(markdown.stdout).toContain(`## ${ EC2_CLUSTER.name }`);
  });

  it('exits 3 when Rancher refuses the token, and 2 without one', async() => {
    const refused = await fleet(['--rancher-url', demo.url, '--token', 'token-wrong:nope']);

    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`Rancher at ${ demo.url } refused the API token`);

    const missing = await fleet(['--rancher-url', demo.url]);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('fleet needs --token');
    expect(missing.stderr).toContain('Usage: aws-cloud-provider-check fleet');

    // RANCHER_URL and RANCHER_TOKEN stand for the options (the CronJob's Secret).
    const fromEnv = await fleet(['--output', 'json'], { RANCHER_URL: demo.url, RANCHER_TOKEN: demo.token });

    expect(fromEnv.code).toBe(1);
    expect(JSON.parse(fromEnv.stdout).clusters).toHaveLength(3);
  });

  it('exits 0 when every cluster passes or only warns', async() => {
    // Only ec2-demo (a warning) is Amazon once the others are gone.
    for (const id of [BROKEN_CLUSTER.id, CUSTOM_CLUSTER.id]) {
      demo.rancher.store.management.remove('provisioning.cattle.io.cluster', id);
    }
    const run = await fleet(['--rancher-url', demo.url, '--token', demo.token, '--output', 'json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).clusters.map((cluster: JsonCluster) => cluster.name)).toEqual([EC2_CLUSTER.name]);
  });
});
