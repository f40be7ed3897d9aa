import { load } from 'js-yaml';
import {
  ProviderRkeConfig, SetupPlan, applyProviderSetup, distributionOf, planProviderSetup, selectedRole
} from '../config';
import { effectiveControllerValues, helmChartsIn, isControllerChart, splitManifest } from '../manifest';
import { ETCD_TAINT, CONTROL_PLANE_TAINT, UNINITIALIZED_TAINT } from '../controller';
import { untoleratedTaints } from '../../kube';
import { DOCS_MANIFEST } from './fixtures';

const USER_CONFIGMAP = `# the user's own object, comments and all
apiVersion: v1
kind: ConfigMap
metadata:
  name: mine
data:
  answer: "42"
`;

function plan(current: ProviderRkeConfig, kubernetesVersion = 'v1.33.5+rke2r1', ebsCsi = false): SetupPlan {
  const planned = planProviderSetup(current, {
    kubernetesVersion, distribution: distributionOf(kubernetesVersion), ebsCsi
  });

  if (typeof planned === 'string') {
    throw new Error(`no plan: ${ planned }`);
  }

  return planned;
}

function controllerOf(manifest: string) {
  const chart = helmChartsIn(splitManifest(manifest)).find(isControllerChart);

  if (!chart?.values) {
    throw new Error('no controller chart');
  }

  return { chart, values: effectiveControllerValues(chart.values) };
}

const entryFor = (config: ProviderRkeConfig, role: string) => (config.machineSelectorConfig || []).find((e) => selectedRole(e.machineLabelSelector) === role)?.config;

describe('planProviderSetup (Rancher docs "Using Out-of-tree AWS Cloud Provider for RKE2", corrected for Rancher\'s taints)', () => {
  it('writes the whole recipe into an empty RKE2 config on 1.33', () => {
    const { result, changes } = plan({});

    expect(result.machineGlobalConfig['cloud-provider-name']).toBe('aws');
    expect(entryFor(result, 'control-plane')).toEqual({
      'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external']
    });
    expect(entryFor(result, 'etcd')).toEqual({ 'kubelet-arg': ['cloud-provider=external'] });
    expect(entryFor(result, 'worker')).toEqual({ 'kubelet-arg': ['cloud-provider=external'] });

    const { chart, values } = controllerOf(result.additionalManifest);

    expect(chart).toMatchObject({
      name: 'aws-cloud-controller-manager', namespace: 'kube-system', chart: 'aws-cloud-controller-manager', repo: 'https://kubernetes.github.io/cloud-provider-aws', targetNamespace: 'kube-system', bootstrap: true
    });
    expect(values.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': 'true' });
    expect(values.hostNetworking).toBe(true);
    expect(values.args).toContain('--configure-cloud-routes=false');
    expect(values.imageTag).toBe('v1.33.4');
    // A control-plane + etcd node's taints, and a new node's, are all tolerated.
    expect(untoleratedTaints(values.tolerations, [UNINITIALIZED_TAINT, CONTROL_PLANE_TAINT, ETCD_TAINT])).toEqual([]);
    expect(changes.map((c) => c.path)).toEqual([
      'machineGlobalConfig.cloud-provider-name',
      'machineSelectorConfig[rke.cattle.io/control-plane-role=true].config',
      'machineSelectorConfig[rke.cattle.io/etcd-role=true].config',
      'machineSelectorConfig[rke.cattle.io/worker-role=true].config',
      'additionalManifest: HelmChart kube-system/aws-cloud-controller-manager',
    ]);
  });

  it.each([
    ['v1.27.16+rke2r1', 'v1.27.10'], ['v1.30.14+rke2r2', 'v1.30.10'], ['v1.34.1+rke2r1', 'v1.34.3'], ['v1.36.0+rke2r1', 'v1.36.1'],
  ])('pins the controller release of the cluster\'s minor (%s → %s)', (version, tag) => {
    expect(controllerOf(plan({}, version).result.additionalManifest).values.imageTag).toBe(tag);
  });

  it('sets the form\'s own cloud provider too, which would otherwise override the global one', () => {
    const { result, changes } = plan({ machineSelectorConfig: [{ config: { 'cloud-provider-name': '', 'protect-kernel-defaults': false } }] });

    expect(result.machineSelectorConfig[0]).toEqual({ config: { 'cloud-provider-name': 'aws', 'protect-kernel-defaults': false } });
    expect(changes.find((c) => c.path === 'machineSelectorConfig[no selector].config.cloud-provider-name')).toEqual({
      path: 'machineSelectorConfig[no selector].config.cloud-provider-name', before: "''", after: 'aws'
    });
  });

  it('merges into the user\'s entries and manifest: their own arguments, keys and documents stay', () => {
    const { result } = plan({
      machineGlobalConfig:   { cni: 'calico' },
      machineSelectorConfig: [
        { config: { 'cloud-provider-name': 'aws' } },
        { config: { 'kubelet-arg': ['max-pods=200', 'cloud-provider=aws'] }, machineLabelSelector: { matchLabels: { 'rke.cattle.io/worker-role': 'true' } } },
      ],
      additionalManifest: `${ USER_CONFIGMAP }---\n${ DOCS_MANIFEST }`,
    });

    expect(result.machineGlobalConfig).toEqual({ cni: 'calico', 'cloud-provider-name': 'aws' });
    // The in-tree flag is replaced, the user's own kept; the worker entry is reused, not duplicated.
    expect(entryFor(result, 'worker')).toEqual({ 'kubelet-arg': ['max-pods=200', 'cloud-provider=external'] });
    expect(result.machineSelectorConfig.filter((e) => selectedRole(e.machineLabelSelector) === 'worker')).toHaveLength(1);
    expect(result.additionalManifest.startsWith(USER_CONFIGMAP)).toBe(true);

    const { values } = controllerOf(result.additionalManifest);

    // The docs' values lacked the etcd toleration: added; the user's --v=5 kept.
    expect(untoleratedTaints(values.tolerations, [ETCD_TAINT])).toEqual([]);
    expect(values.args).toEqual(['--configure-cloud-routes=false', '--v=5', '--cloud-provider=aws']);
    expect(helmChartsIn(splitManifest(result.additionalManifest))).toHaveLength(1);
  });

  it('shows a merge into the user\'s HelmChart as its values before and after, not the whole manifest twice', () => {
    const { changes } = plan({ additionalManifest: `${ USER_CONFIGMAP }---\n${ DOCS_MANIFEST }` });
    const manifestChanges = changes.filter((c) => c.path.startsWith('additionalManifest'));

    expect(manifestChanges.map((c) => c.path)).toEqual(['additionalManifest: HelmChart kube-system/aws-cloud-controller-manager: valuesContent']);
    expect(manifestChanges[0].before).toContain('--v=5');
    expect(manifestChanges[0].before).not.toContain('node-role.kubernetes.io/etcd');
    expect(manifestChanges[0].after).toContain('node-role.kubernetes.io/etcd');
    expect(manifestChanges[0].after).not.toContain('ConfigMap');
  });

  it('forces the flags the provider depends on: routes off and the aws provider', () => {
    const manifest = DOCS_MANIFEST.replace('--configure-cloud-routes=false', '--configure-cloud-routes=true').replace('--cloud-provider=aws', '--cloud-provider=external');
    const { values } = controllerOf(plan({ additionalManifest: manifest }).result.additionalManifest);

    expect(values.args).toEqual(['--configure-cloud-routes=false', '--v=5', '--cloud-provider=aws']);
  });

  it('changes nothing the second time', () => {
    const first = plan({ machineSelectorConfig: [{ config: { 'cloud-provider-name': '' } }], additionalManifest: USER_CONFIGMAP }, 'v1.34.1+rke2r1', true);
    const second = plan(first.result, 'v1.34.1+rke2r1', true);

    expect(second.changes).toEqual([]);
    expect(second.result).toEqual(first.result);
  });

  it('adds the EBS CSI driver when asked, its controller on control-plane nodes', () => {
    const { result } = plan({}, 'v1.33.5+rke2r1', true);
    const csi = helmChartsIn(splitManifest(result.additionalManifest)).find((c) => c.chart === 'aws-ebs-csi-driver');

    expect(csi).toMatchObject({ repo: 'https://kubernetes-sigs.github.io/aws-ebs-csi-driver', namespace: 'kube-system' });
    expect(csi?.values).toMatchObject({ controller: { nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' } } });
  });

  it('on K3s: no cloud-provider-name (K3s has none), the cloud controller disabled and kubelets external', () => {
    const { result } = plan({}, 'v1.33.5+k3s1');

    expect(result.machineGlobalConfig).toEqual({});
    expect(entryFor(result, 'control-plane')).toEqual({ 'disable-cloud-controller': true, 'kubelet-arg': ['cloud-provider=external'] });
    expect(entryFor(result, 'worker')).toEqual({ 'kubelet-arg': ['cloud-provider=external'] });
  });

  it.each([
    ['v1.26.15+rke2r1', 'inTree'], ['', 'noVersion'], ['latest', 'noVersion'],
  ])('does not apply to %j: %s', (kubernetesVersion, reason) => {
    expect(planProviderSetup({}, { kubernetesVersion, distribution: 'rke2' })).toBe(reason);
  });
});

describe('applyProviderSetup', () => {
  it('writes key by key into the editor\'s own objects', () => {
    const formEntry = { config: { 'cloud-provider-name': '' } as Record<string, unknown> };
    const global = { cni: 'calico' } as Record<string, unknown>;
    const live: ProviderRkeConfig = { machineGlobalConfig: global, machineSelectorConfig: [formEntry] };

    applyProviderSetup(live, plan(live));

    expect(live.machineGlobalConfig).toBe(global);
    expect(live.machineSelectorConfig?.[0]).toBe(formEntry);
    expect(formEntry.config['cloud-provider-name']).toBe('aws');
    expect(live.machineSelectorConfig).toHaveLength(4);
    expect((load(live.additionalManifest || '') as { kind: string }).kind).toBe('HelmChart');
  });
});
