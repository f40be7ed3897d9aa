/**
 * The controller the cluster's `additionalManifest` installs: its HelmChart and values (selector,
 * tolerations, release, host networking) checked against the control-plane pools they must run
 * on, a second cloud provider's chart, and the EBS CSI driver for volumes.
 */
import { KubeVersion, formatVersion } from '../kubernetes-version';
import { misfit } from '../kube';
import { Finding, finding, rule, text } from '../findings';
import {
  EBS_CSI_CHART, controllerImageTag, labelsOfRoles, minorOfImage, taintsOfPool
} from '../out-of-tree/controller';
import { ControllerValues, HelmChartDocument, isControllerChart } from '../out-of-tree/manifest';
import type { ClusterConfigFacts, ConfigPool } from './config';
import { SETUP_FIX } from './config-provider';

/** Every cloud-controller HelmChart in the manifest: ours, and other providers' (by chart name). */
function cloudProviderCharts(charts: readonly HelmChartDocument[]): HelmChartDocument[] {
  return charts.filter((chart) => isControllerChart(chart) || /cloud-controller-manager|(^|-)cpi$|(^|-)ccm$/.test(chart.chart));
}

/** The controller must be installed: the aws-cloud-controller-manager chart (Rancher's docs' HelmChart in additionalManifest). */
export function checkControllerManifest(charts: readonly HelmChartDocument[], unreadable: number): Finding {
  const base = {
    id: 'config.controller-manifest' as const, resource: 'additionalManifest', rule: rule('configControllerManifest')
  };
  const controller = charts.find(isControllerChart);

  if (!controller) {
    return finding({
      ...base, status: 'fail', message: text(unreadable ? 'check.config.manifest.unreadable' : 'check.config.manifest.missing', { count: unreadable }), fix: SETUP_FIX
    });
  }
  if (!controller.values) {
    return finding({
      ...base, status: 'fail', message: text('check.config.manifest.badValues', { problem: controller.valuesError || '-' }), fix: SETUP_FIX
    });
  }

  return finding({
    ...base, status: 'pass', message: text('check.config.manifest.ok', { name: `${ controller.namespace }/${ controller.name }` })
  });
}

/** The pools (or, custom, the assumed control-plane nodes) the controller's pods must run on. */
function controlPlaneNodes(facts: ClusterConfigFacts): ConfigPool[] {
  return facts.pools.length ? facts.pools.filter((pool) => pool.roles.includes('controlplane')) : [{ name: '', roles: ['controlplane', 'etcd'] }];
}

/** The selector must match RKE2's role labels ("true"); the chart's default `""` matches none (mirrors the scheduler's NodeAffinity filter). */
export function checkControllerSelector(values: ControllerValues, facts: ClusterConfigFacts): Finding {
  const base = {
    id: 'config.controller-selector' as const, resource: 'additionalManifest', rule: rule('configControllerSelector')
  };
  const selector = Object.entries(values.nodeSelector).map(([k, v]) => `${ k }=${ v }`).join(', ') || '-';
  const matching = controlPlaneNodes(facts).filter((pool) => misfit({ nodeSelector: values.nodeSelector, tolerations: [] }, { labels: labelsOfRoles(pool.roles) })?.kind !== 'selector');

  if (!matching.length) {
    return finding({
      ...base, status: 'fail', message: text('check.config.selector.none', { selector }), fix: SETUP_FIX
    });
  }

  return finding({
    ...base, status: 'pass', message: text('check.config.selector.ok', { selector, count: matching.length })
  });
}

/** The pods must tolerate every taint Rancher puts on the nodes they select (mirrors the scheduler's TaintToleration filter; rancher/rancher#44767). */
export function checkControllerTolerations(values: ControllerValues, facts: ClusterConfigFacts): Finding[] {
  const base = { id: 'config.controller-tolerations' as const, rule: rule('configControllerTolerations') };
  const custom = !facts.pools.length;
  const findings = controlPlaneNodes(facts).flatMap((pool): Finding[] => {
    const why = misfit(values, { labels: labelsOfRoles(pool.roles), taints: taintsOfPool(pool.roles) });

    if (why?.kind !== 'taints') {
      return [];
    }

    return [finding({
      ...base,
      resource: pool.name || 'additionalManifest',
      // A custom cluster may have no node with both roles: the taint then does not matter.
      status:   custom ? 'warn' : 'fail',
      message:  text(custom ? 'check.config.tolerations.customMissing' : 'check.config.tolerations.missing', { taints: why.taints.map((t) => `${ t.key }:${ t.effect }`).join(', '), count: why.taints.length }),
      fix:      SETUP_FIX,
    })];
  });

  return findings.length ? findings : [finding({
    ...base, resource: 'additionalManifest', status: 'pass', message: text('check.config.tolerations.ok')
  })];
}

/** The controller's minor must equal the cluster's: only the matching release is guaranteed to work (cloud-provider-aws docs). */
export function checkControllerVersion(values: ControllerValues, version: KubeVersion): Finding {
  const base = {
    id: 'config.controller-version' as const, resource: 'additionalManifest', rule: rule('configControllerVersion')
  };
  const wanted = controllerImageTag(version);
  const minor = minorOfImage(values.imageTag);

  if (minor === version.minor) {
    return finding({
      ...base, status: 'pass', message: text('check.config.version.ok', { tag: values.imageTag })
    });
  }

  return finding({
    ...base,
    status:  'warn',
    message: text(wanted ? 'check.config.version.mismatch' : 'check.config.version.unknownRelease', { tag: values.imageTag, version: formatVersion(version) }),
    fix:     wanted ? { text: text('fix.config.imageTag', { tag: wanted }) } : undefined,
  });
}

/** IMDSv2 with EC2's default hop limit of 1 cannot be reached from a pod network: the controller needs host networking (getRegionFromMetadata, aws.go). */
export function checkControllerHostNetwork(values: ControllerValues, facts: ClusterConfigFacts): Finding {
  const base = {
    id: 'config.controller-host-network' as const, resource: 'additionalManifest', rule: rule('configControllerHostNetwork')
  };
  const imdsV2 = controlPlaneNodes(facts).filter((pool) => pool.httpTokens === 'required').map((pool) => pool.name);

  if (values.hostNetworking) {
    return finding({
      ...base, status: 'pass', message: text('check.config.hostNetwork.ok')
    });
  }
  if (imdsV2.length) {
    return finding({
      ...base, status: 'fail', message: text('check.config.hostNetwork.imdsV2', { pools: imdsV2.join(', ') }), fix: SETUP_FIX
    });
  }

  return finding({
    ...base, status: 'warn', message: text('check.config.hostNetwork.off'), fix: SETUP_FIX
  });
}

/** One cloud provider: two controllers fight over the same nodes and load balancers. */
export function checkSecondProvider(charts: readonly HelmChartDocument[]): Finding {
  const base = {
    id: 'config.second-provider' as const, resource: 'additionalManifest', rule: rule('configSecondProvider')
  };
  const providers = cloudProviderCharts(charts);

  if (providers.length > 1) {
    return finding({
      ...base, status: 'fail', message: text('check.config.secondProvider.many', { charts: providers.map((c) => `${ c.namespace }/${ c.name } (${ c.chart })`).join(', ') }), fix: { text: text('fix.config.oneProvider') }
    });
  }

  return finding({
    ...base, status: 'pass', message: text('check.config.secondProvider.ok')
  });
}

/** From 1.27 EBS volumes need the EBS CSI driver; its controller's node role needs the volume actions. */
export function checkVolumes(charts: readonly HelmChartDocument[]): Finding {
  const base = {
    id: 'config.volumes' as const, resource: 'additionalManifest', rule: rule('configVolumes')
  };
  const csi = charts.find((chart) => chart.chart === EBS_CSI_CHART.chart);

  if (!csi) {
    return finding({
      ...base, status: 'warn', message: text('check.config.volumes.missing'), fix: { text: text('fix.config.ebsCsi') }
    });
  }

  const controller = (csi.values?.controller || {}) as { nodeSelector?: Record<string, string> };
  const onControlPlane = controller.nodeSelector?.['node-role.kubernetes.io/control-plane'] === 'true';

  return finding({
    ...base, status: 'pass', message: text(onControlPlane ? 'check.config.volumes.controlPlane' : 'check.config.volumes.anyNode')
  });
}
