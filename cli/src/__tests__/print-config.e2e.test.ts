/**
 * `print-config` run as users run it (the bin, a child process): the fragment Step 1 of the panel
 * writes, as YAML, for a version and the pools' roles.
 */
import { execFile } from 'child_process';
import { join } from 'path';
import { load, loadAll } from 'js-yaml';
import { runConfigChecks } from '@pkg/domain/checks/config';
import { ProviderRkeConfig, selectedRole } from '@pkg/domain/out-of-tree/config';
import { ETCD_TAINT, CONTROL_PLANE_TAINT, UNINITIALIZED_TAINT } from '@pkg/domain/out-of-tree/controller';
import { untoleratedTaints } from '@pkg/domain/kube';
import { isolatedAwsEnv } from '@tests/setup/cli-env';

const BIN = join(__dirname, '..', '..', 'bin', 'aws-cloud-provider-check.js');

function run(args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'print-config', ...args], { env: isolatedAwsEnv(), timeout: 60000 }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr
      });
    });
  });
}

const rkeConfigOf = (stdout: string) => (load(stdout) as { spec: { rkeConfig: ProviderRkeConfig } }).spec.rkeConfig;

describe('aws-cloud-provider-check print-config', () => {
  it('gives the full fragment for v1.33 with pools controlplane,etcd and worker', async() => {
    const { code, stdout } = await run(['--kubernetes-version', 'v1.33.5+rke2r1', '--pool', 'controlplane,etcd', '--pool', 'worker']);
    const rkeConfig = rkeConfigOf(stdout);

    expect(code).toBe(0);
    expect(rkeConfig.machineGlobalConfig).toEqual({ 'cloud-provider-name': 'aws' });
    expect(Object.fromEntries((rkeConfig.machineSelectorConfig || []).map((e) => [selectedRole(e.machineLabelSelector), e.config]))).toEqual({
      'control-plane': {
        'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external']
      },
      etcd:   { 'kubelet-arg': ['cloud-provider=external'] },
      worker: { 'kubelet-arg': ['cloud-provider=external'] },
    });

    const [chart] = loadAll(rkeConfig.additionalManifest || '') as { apiVersion: string, kind: string, metadata: { name: string, namespace: string }, spec: Record<string, string> }[];
    const values = load(chart.spec.valuesContent) as { nodeSelector: Record<string, string>, tolerations: { key: string, operator?: string, effect: string }[], hostNetworking: boolean, args: string[], image: { tag: string } };

    expect(chart).toMatchObject({
      apiVersion: 'helm.cattle.io/v1', kind: 'HelmChart', metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' }
    });
    expect(chart.spec).toMatchObject({
      chart: 'aws-cloud-controller-manager', repo: 'https://kubernetes.github.io/cloud-provider-aws', targetNamespace: 'kube-system', bootstrap: true
    });
    expect(values.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': 'true' });
    expect(untoleratedTaints(values.tolerations, [ETCD_TAINT, CONTROL_PLANE_TAINT, UNINITIALIZED_TAINT])).toEqual([]);
    expect(values.hostNetworking).toBe(true);
    expect(values.args).toContain('--configure-cloud-routes=false');
    expect(values.image.tag).toMatch(/^v1\.33\.\d+$/);
    // What it prints, pasted into a cluster with those pools, passes the configuration checks (but volumes).
    const findings = runConfigChecks({
      kubernetesVersion: 'v1.33.5+rke2r1', distribution: 'rke2', kind: 'amazonec2', rkeConfig, pools: [{ name: 'a', roles: ['controlplane', 'etcd'] }, { name: 'b', roles: ['worker'] }], saved: false
    });

    expect(findings.filter((f) => f.status !== 'pass').map((f) => f.id)).toEqual(['config.volumes']);
  });

  it('adds the EBS CSI driver with --ebs-csi, and the checks then all pass (nothing on stderr)', async() => {
    const { code, stdout, stderr } = await run(['--kubernetes-version', 'v1.34.1+rke2r1', '--pool', 'controlplane,etcd,worker', '--ebs-csi']);
    const charts = loadAll(rkeConfigOf(stdout).additionalManifest || '') as { spec: { chart: string } }[];

    expect(code).toBe(0);
    expect(charts.map((c) => c.spec.chart)).toEqual(['aws-cloud-controller-manager', 'aws-ebs-csi-driver']);
    expect(stderr).toBe('');
  });

  it('says plainly that K3s with EC2 machine pools cannot work, and prints what the facts give for K3s', async() => {
    const { code, stdout, stderr } = await run(['--kubernetes-version', 'v1.33.5+k3s1', '--pool', 'controlplane,etcd', '--pool', 'worker']);
    const rkeConfig = rkeConfigOf(stdout);

    expect(code).toBe(0);
    expect(rkeConfig.machineGlobalConfig).toBeUndefined();
    expect(stderr).toContain('not supported on K3s clusters with Amazon EC2 machine pools');
  });

  it('for an in-tree version, only cloud-provider-name aws', async() => {
    const { code, stdout, stderr } = await run(['--kubernetes-version', 'v1.26.15+rke2r1', '--pool', 'controlplane,etcd,worker']);

    expect(code).toBe(0);
    expect(rkeConfigOf(stdout)).toEqual({ machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] });
    expect(stderr).toContain('in-tree provider');
  });

  it.each([
    [['--pool', 'worker'], 'needs --kubernetes-version'],
    [['--kubernetes-version', 'v1.33.5+rke2r1'], 'at least one --pool'],
    [['--kubernetes-version', 'v1.33.5+rke2r1', '--pool', 'banana'], '--pool takes a pool\'s roles'],
    [['--kubernetes-version', 'v1.33.5+rke2r1', '--pool', 'worker', '--distribution', 'rke1'], '--distribution takes rke2 or k3s'],
  ])('refuses %j with a clear message (exit 2, nothing on stdout)', async(args, message) => {
    const { code, stdout, stderr } = await run(args);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});
