/**
 * @jest-environment node
 */
import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startAwsEndpoint, AwsEndpoint } from '@local/aws-endpoint/server';
import { greenScenario, CLUSTER_ID } from '@local/aws-endpoint/fixtures';
import { KubeApi, KubeWorld, startKubeApi } from '@local/kube-api/server';
import { brokenCluster, healthyCluster } from '@local/kube-api/fixtures';
import { isolatedAwsEnv } from '@tests/setup/cli-env';

/** `check --kubeconfig`: the real CLI → @kubernetes/client-node → the API stand-in, and the SDK → the local AWS endpoint. */

const BIN = join(__dirname, '..', '..', 'bin', 'aws-cloud-provider-check.js');

interface JsonFinding { id: string, status: string, resource: string, message: string, fix?: string }
interface Run { code: number, stdout: string, stderr: string, checks: JsonFinding[] }

let aws: AwsEndpoint;
let kube: KubeApi;
let dir: string;

beforeEach(async() => {
  aws = await startAwsEndpoint(greenScenario());
  dir = mkdtempSync(join(tmpdir(), 'kubeconfig-e2e-'));
});

afterEach(async() => {
  await Promise.all([aws.close(), kube?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function check(world: KubeWorld, options: { token?: string, extra?: string[], env?: Record<string, string>, viaEnv?: boolean } = {}): Promise<Run> {
  await kube?.close();
  kube = await startKubeApi(world);

  const file = join(dir, 'kubeconfig');

  writeFileSync(file, kube.kubeconfig(options.token));

  const args = [...(options.extra?.includes('--output') ? [] : ['--json']), '--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', aws.url, ...(options.viaEnv ? [] : ['--kubeconfig', file]), ...(options.extra || [])];

  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: isolatedAwsEnv({ ...(options.viaEnv ? { KUBECONFIG: file } : {}), ...options.env }), timeout: 60000 }, (error, stdout, stderr) => {
      let checks: JsonFinding[] = [];

      try {
        checks = JSON.parse(stdout).checks;
      } catch {
        checks = []; // no report: the test reads stderr
      }
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, checks
      });
    });
  });
}

const of = (run: Run, id: string) => run.checks.filter((c) => c.id === id);

describe('aws-cloud-provider-check check --kubeconfig', () => {
  it('passes a healthy cluster: the controller and every node initialised', async() => {
    const run = await check(healthyCluster());

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const id of ['controller.install', 'controller.daemonset', 'controller.scheduling', 'controller.version']) {
      expect(of(run, id).map((c) => [id, c.status, c.status === 'pass' ? '' : c.message])).toEqual([[id, 'pass', '']]);
    }
    expect(of(run, 'node.initialized').map((c) => [c.resource, c.status])).toEqual([['ip-10-0-0-1.ec2.internal', 'pass'], ['ip-10-0-0-2.ec2.internal', 'pass']]);
    // The nodes gave the instances, the version (from /version) and the control-plane node.
    expect(of(run, 'node.instance').map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(of(run, 'provider.context')[0]).toMatchObject({ status: 'pass', resource: 'Kubernetes 1.31.4' });
    expect(kube.requests.map((r) => r.path)).toEqual(expect.arrayContaining([
      '/version/', '/api/v1/nodes', '/api/v1/namespaces/kube-system/pods', '/apis/apps/v1/namespaces/kube-system/daemonsets/aws-cloud-controller-manager',
      '/apis/batch/v1/namespaces/kube-system/jobs/helm-install-aws-cloud-controller-manager', '/apis/helm.cattle.io/v1/namespaces/kube-system/helmcharts/aws-cloud-controller-manager',
    ]));
  });

  it('fails the broken cluster: names the untolerated etcd taint, the pending controller and the stuck nodes (exit 1)', async() => {
    const run = await check(brokenCluster());
    const [pending] = of(run, 'controller.scheduling');

    expect(run.code).toBe(1);
    expect(pending).toMatchObject({ status: 'fail', resource: 'pod/aws-cloud-controller-manager-q9d4s' });
    // The scheduler's words verbatim, then ours, then the toleration to add.
    expect(pending.message).toContain('had untolerated taint {node-role.kubernetes.io/etcd: }');
    expect(pending.message).toContain('do not tolerate the taint node-role.kubernetes.io/etcd:NoExecute');
    expect(pending.fix).toContain('{key: node-role.kubernetes.io/etcd, operator: Exists, effect: NoExecute}');
    expect(of(run, 'controller.daemonset')[0]).toMatchObject({ status: 'fail', message: '0 of 1 controller pods are ready.' });
    expect(of(run, 'node.initialized').map((c) => c.status)).toEqual(['fail', 'fail']);
    expect(of(run, 'node.initialized')[0].message).toContain('still has the node.cloudprovider.kubernetes.io/uninitialized taint (no providerID, no topology.kubernetes.io/zone label). The cloud-controller-manager does not run');

    // The table says the same to a person.
    const table = await check(brokenCluster(), { extra: ['--output', 'table'] });

    expect(table.stdout).toContain('had untolerated taint {node-role.kubernetes.io/etcd: }');
    expect(table.stdout).toContain('Controller pods scheduled (controller.scheduling)');
  });

  it('a 403 on the pods is "could not verify" (exit 3)', async() => {
    const world = healthyCluster();

    world.forbidden = ['pods'];

    const run = await check(world);

    expect(run.code).toBe(3);
    expect(of(run, 'controller.scheduling')[0]).toMatchObject({ status: 'unknown', message: expect.stringContaining('Forbidden') });
  });

  it('a wrong token is a clear error, not a report', async() => {
    const run = await check(healthyCluster(), { token: 'wrong' });

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`the cluster at ${ kube.url } refused the credentials of kubeconfig context "local" (Unauthorized: Unauthorized)`);
  });

  it('uses KUBECONFIG when --kubeconfig is not given, and says so; --kubeconfig "" checks AWS only', async() => {
    const run = await check(healthyCluster(), { viaEnv: true });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Also checking the cluster of KUBECONFIG');
    expect(of(run, 'controller.install')).toHaveLength(1);

    const awsOnly = await check(healthyCluster(), { viaEnv: true, extra: ['--kubeconfig', ''] });

    expect(of(awsOnly, 'controller.install')).toHaveLength(0);
    expect(awsOnly.stderr).toBe('');
  });

  it('an unreadable kubeconfig is a usage error', async() => {
    const run = await check(healthyCluster(), { extra: ['--kubeconfig', join(dir, 'missing')] });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot load the kubeconfig');
  });
});
