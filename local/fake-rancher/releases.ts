/**
 * The RKE2 and K3s releases Rancher offers (`/v1-<distro>-release/releases`), and the chart
 * repository of RKE2's add-on charts they name (its index and chart info).
 */

/** The released RKE2 (or K3s) versions in the shape `/v1-rke2-release/releases` answers. */
export function releases(versions: string[], distro: 'rke2' | 'k3s'): Record<string, unknown> {
  const cloudProviders = {
    type: 'enum', nullable: true, options: ['aws', 'azure', 'gcp', 'rancher-vsphere', 'harvester', 'external']
  };

  return {
    type:         'collection',
    resourceType: 'release',
    data:         versions.map((version) => ({
      id:                      version,
      type:                    'release',
      version,
      minChannelServerVersion: 'v2.12.0-alpha1',
      maxChannelServerVersion: 'v2.13.99',
      serverArgs:              {
        ...(distro === 'rke2' ? {
          cni:     {
            type: 'enum', default: 'calico', options: ['canal', 'cilium', 'calico', 'flannel']
          },
          disable: { type: 'array', options: ['rke2-coredns', 'rke2-ingress-nginx', 'rke2-metrics-server'] },
        } : { disable: { type: 'array', options: ['coredns', 'servicelb', 'traefik', 'local-storage', 'metrics-server'] } }),
        'cloud-provider-name':   cloudProviders,
        'disable-kube-proxy':    { type: 'boolean', default: false },
        'etcd-expose-metrics':   { type: 'boolean', default: false },
        profile:                 {
          type: 'enum', nullable: true, options: ['cis']
        },
        'secrets-encryption': { type: 'boolean', default: false },
      },
      agentArgs: {
        'cloud-provider-name':     cloudProviders,
        'protect-kernel-defaults': { type: 'boolean', default: false },
        profile:                   {
          type: 'enum', nullable: true, options: ['cis']
        },
        'system-default-registry': { type: 'string' },
        selinux:                   { type: 'boolean', default: false },
      },
      charts: Object.fromEntries(Object.entries(distro === 'rke2' ? RKE2_CHARTS : {}).map(([name, chart]) => [name, { repo: CHART_REPO, version: chart.version }])),
    })),
  };
}

/** The cluster repository RKE2's add-on charts come from, and the charts the releases name. */
export const CHART_REPO = 'rancher-rke2-charts';

export const RKE2_CHARTS: Record<string, { version: string, values: Record<string, unknown> }> = {
  'rke2-calico':  { version: 'v3.30.300', values: { installation: { calicoNetwork: { bgp: 'Disabled', mtu: 0 } } } },
  'rke2-canal':   { version: 'v3.30.2-build2025', values: { flannel: { backend: 'vxlan' } } },
  'rke2-cilium':  { version: '1.18.100', values: { cni: { chainingMode: 'none' } } },
  'rke2-flannel': { version: 'v0.27.300', values: { flannel: { backend: 'vxlan' } } },
};

/** `?link=index` of the chart repository: a Helm repository index. */
export function chartIndex(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    entries:    Object.fromEntries(Object.entries(RKE2_CHARTS).map(([name, chart]) => [name, [{
      name, version: chart.version, apiVersion: 'v2', appVersion: chart.version, description: name, annotations: { 'catalog.cattle.io/hidden': 'true' }, urls: [`https://rke2-charts.rancher.io/assets/${ name }/${ name }-${ chart.version }.tgz`], created: '2026-01-01T00:00:00Z', digest: '0'
    }]])),
  };
}

/** `?link=info&chartName=&version=` of the chart repository: the chart, its values and readme. */
export function chartInfo(name: string, version: string | null): Record<string, unknown> | undefined {
  const chart = RKE2_CHARTS[name];

  if (!chart || (version && version !== chart.version)) {
    return undefined;
  }

  return {
    chart: {
      name, version: chart.version, apiVersion: 'v2', appVersion: chart.version, description: name, annotations: { 'catalog.cattle.io/hidden': 'true' }
    },
    values:    chart.values,
    readme:    `# ${ name }\n`,
    appReadme: '',
  };
}
