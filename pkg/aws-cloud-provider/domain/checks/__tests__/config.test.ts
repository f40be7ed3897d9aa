import { ClusterConfigFacts, runConfigChecks } from '../config';
import { ProviderRkeConfig, planProviderSetup } from '../../out-of-tree/config';
import { Finding } from '../../findings';
import { DOCS_MANIFEST } from '../../out-of-tree/__tests__/fixtures';

const CP_ETCD = { name: 'cp-etcd', roles: ['controlplane', 'etcd'] as const };
const WORKERS = { name: 'workers', roles: ['worker'] as const };

/** Rancher's docs' recipe for RKE2, typed by hand: right overrides, the docs' chart values (no etcd toleration, no image tag). */
const DOCS_CONFIG: ProviderRkeConfig = {
  machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
  machineSelectorConfig: [
    {
      config: {
        'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external']
      },
      machineLabelSelector: {
        matchExpressions: [{
          key: 'rke.cattle.io/control-plane-role', operator: 'In', values: ['true']
        }]
      }
    },
    {
      config:               { 'kubelet-arg': ['cloud-provider=external'] },
      machineLabelSelector: {
        matchExpressions: [{
          key: 'rke.cattle.io/etcd-role', operator: 'In', values: ['true']
        }]
      }
    },
    {
      config:               { 'kubelet-arg': ['cloud-provider=external'] },
      machineLabelSelector: {
        matchExpressions: [{
          key: 'rke.cattle.io/worker-role', operator: 'In', values: ['true']
        }]
      }
    },
  ],
  additionalManifest: DOCS_MANIFEST,
};

function facts(over: Partial<ClusterConfigFacts> = {}): ClusterConfigFacts {
  return {
    kubernetesVersion: 'v1.33.5+rke2r1', distribution: 'rke2', kind: 'amazonec2', rkeConfig: DOCS_CONFIG, pools: [{ ...CP_ETCD, roles: [...CP_ETCD.roles] }, { ...WORKERS, roles: [...WORKERS.roles] }], saved: false, ...over
  };
}

const statuses = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [`${ f.id }${ f.resource === 'spec.rkeConfig' || f.resource === 'additionalManifest' ? '' : `@${ f.resource }` }`, f.status]));
const keyOf = (findings: Finding[], id: string) => findings.find((f) => f.id === id)?.message.key;

function edited(mutate: (config: ProviderRkeConfig) => void, base: ProviderRkeConfig = DOCS_CONFIG): ProviderRkeConfig {
  const copy = JSON.parse(JSON.stringify(base));

  mutate(copy);

  return copy;
}

function setupFor(kubernetesVersion: string, current: ProviderRkeConfig = {}): ProviderRkeConfig {
  const plan = planProviderSetup(current, {
    kubernetesVersion, distribution: 'rke2', ebsCsi: true
  });

  if (typeof plan === 'string') {
    throw new Error(plan);
  }

  return plan.result;
}

describe('runConfigChecks: the cluster spec before creation', () => {
  it('the docs\' recipe typed by hand: the etcd NoExecute taint of the control-plane + etcd pool is not tolerated (rancher/rancher#44767), the release is the chart\'s v1.35.0', () => {
    const findings = runConfigChecks(facts());

    expect(statuses(findings)).toEqual({
      'config.cloud-provider':                 'pass',
      'config.node-names':                     'pass',
      'config.controller-manifest':            'pass',
      'config.controller-selector':            'pass',
      'config.controller-tolerations@cp-etcd': 'fail',
      'config.controller-version':             'warn',
      'config.controller-host-network':        'pass',
      'config.second-provider':                'pass',
      'config.volumes':                        'warn',
    });
    expect(findings.find((f) => f.id === 'config.controller-tolerations')?.message.args).toMatchObject({ taints: 'node-role.kubernetes.io/etcd:NoExecute' });
    expect(findings.find((f) => f.id === 'config.controller-version')?.message.args).toMatchObject({ tag: 'v1.35.0', version: '1.33.5' });
  });

  it.each(['v1.27.16+rke2r1', 'v1.30.14+rke2r2', 'v1.33.5+rke2r1', 'v1.34.1+rke2r1', 'v1.36.0+rke2r1'])('what the setup step writes passes every check on %s', (kubernetesVersion) => {
    const findings = runConfigChecks(facts({ kubernetesVersion, rkeConfig: setupFor(kubernetesVersion) }));

    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(findings).toHaveLength(9);
  });

  it('the setup step merged over the docs\' recipe passes too', () => {
    expect(runConfigChecks(facts({ rkeConfig: setupFor('v1.33.5+rke2r1', DOCS_CONFIG) })).filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it.each([
    ['no cloud provider at all', () => edited((c) => {
      delete c.machineGlobalConfig?.['cloud-provider-name'];
    }), 'config.cloud-provider', 'fail', 'check.config.cloudProvider.missing'],
    ['aws without the per-role overrides: the in-tree provider is asked for', () => edited((c) => {
      c.machineSelectorConfig = [];
    }), 'config.cloud-provider', 'fail', 'check.config.cloudProvider.noOverrides'],
    ['"External" chosen: node names stay host names', () => edited((c) => {
      c.machineGlobalConfig = {};
      c.machineSelectorConfig?.unshift({ config: { 'cloud-provider-name': 'external' } });
    }), 'config.node-names', 'fail', 'check.config.nodeNames.external'],
    ['the form\'s own entry overrides the global aws with ""', () => edited((c) => {
      c.machineSelectorConfig?.unshift({ config: { 'cloud-provider-name': 'external' } });
    }), 'config.node-names', 'fail', 'check.config.nodeNames.external'],
    ['no controller manifest', () => edited((c) => {
      c.additionalManifest = '';
    }), 'config.controller-manifest', 'fail', 'check.config.manifest.missing'],
    ['the chart\'s default selector "" matches no RKE2 node', () => edited((c) => {
      c.additionalManifest = (c.additionalManifest || '').replace('node-role.kubernetes.io/control-plane: "true"', 'node-role.kubernetes.io/control-plane: ""');
    }), 'config.controller-selector', 'fail', 'check.config.selector.none'],
    ['host networking off', () => edited((c) => {
      c.additionalManifest = (c.additionalManifest || '').replace('hostNetworking: true', 'hostNetworking: false');
    }), 'config.controller-host-network', 'warn', 'check.config.hostNetwork.off'],
    ['a second cloud-provider chart', () => edited((c) => {
      c.additionalManifest = `${ c.additionalManifest }---\napiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata:\n  name: ccm2\n  namespace: kube-system\nspec:\n  chart: hcloud-cloud-controller-manager\n`;
    }), 'config.second-provider', 'fail', 'check.config.secondProvider.many'],
    ['values that are not YAML', () => edited((c) => {
      c.additionalManifest = (c.additionalManifest || '').replace('hostNetworking: true', 'hostNetworking: [true');
    }), 'config.controller-manifest', 'fail', 'check.config.manifest.badValues'],
  ])('%s', (_name, config, id, status, key) => {
    const findings = runConfigChecks(facts({ rkeConfig: config() }));

    expect(findings.find((f) => f.id === id)?.status).toBe(status);
    expect(keyOf(findings, id)).toBe(key);
  });

  it('host networking off fails when a control-plane pool requires IMDSv2 (hop limit 1 does not reach pods)', () => {
    const rkeConfig = edited((c) => {
      c.additionalManifest = (c.additionalManifest || '').replace('hostNetworking: true', 'hostNetworking: false');
    });
    const findings = runConfigChecks(facts({
      rkeConfig,
      pools: [{
        name: 'cp-etcd', roles: ['controlplane', 'etcd'], httpTokens: 'required'
      }, { name: 'workers', roles: ['worker'] }]
    }));

    expect(findings.find((f) => f.id === 'config.controller-host-network')).toMatchObject({ status: 'fail', message: { key: 'check.config.hostNetwork.imdsV2', args: { pools: 'cp-etcd' } } });
  });

  it('a control-plane-only pool needs no etcd toleration', () => {
    const findings = runConfigChecks(facts({ pools: [{ name: 'cp', roles: ['controlplane'] }, { name: 'etcd', roles: ['etcd'] }, { name: 'w', roles: ['worker'] }] }));

    expect(findings.find((f) => f.id === 'config.controller-tolerations')?.status).toBe('pass');
  });

  it('K3s with EC2 machine pools is not supported (node names are the machines\'); custom K3s is told to set --node-name', () => {
    const k3s = (kind: 'amazonec2' | 'custom') => runConfigChecks(facts({
      kubernetesVersion: 'v1.33.5+k3s1', distribution: 'k3s', kind, rkeConfig: (planProviderSetup({}, { kubernetesVersion: 'v1.33.5+k3s1', distribution: 'k3s' }) as { result: ProviderRkeConfig }).result, pools: kind === 'custom' ? [] : facts().pools
    }));

    expect(k3s('amazonec2').find((f) => f.id === 'config.node-names')?.status).toBe('fail');
    expect(k3s('custom').find((f) => f.id === 'config.node-names')?.status).toBe('warn');
    expect(k3s('custom').find((f) => f.id === 'config.cloud-provider')?.status).toBe('pass');
  });

  it('in-tree versions need only cloud-provider-name aws; a saved 1.26 cluster is told to migrate before 1.27', () => {
    const inTree = { machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] };

    expect(statuses(runConfigChecks(facts({ kubernetesVersion: 'v1.26.15+rke2r1', rkeConfig: inTree })))).toEqual({ 'config.cloud-provider': 'pass' });
    expect(statuses(runConfigChecks(facts({
      kubernetesVersion: 'v1.26.15+rke2r1', rkeConfig: inTree, saved: true
    })))).toEqual({ 'config.cloud-provider': 'pass', 'config.migration': 'warn' });
  });
});
