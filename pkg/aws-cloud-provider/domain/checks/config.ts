/**
 * The cluster's own spec, before it is created (or saved): what RKE2/K3s and the controller will
 * be told, checked against what makes the out-of-tree provider work on Rancher's nodes. Catches
 * the YAML users write by hand from the docs: no overrides, "External" chosen, no controller,
 * the chart's default selector, Rancher's etcd taint, a mismatched release, IMDSv2 without host
 * networking, a second provider.
 */
import { KubeVersion, formatVersion, needsOutOfTreeProvider, parseKubernetesVersion } from '../kubernetes-version';
import { misfit } from '../kube';
import { NodeRole } from '../roles';
import { Finding, rule, text } from '../findings';
import {
  EBS_CSI_CHART, controllerImageTag, labelsOfRoles, minorOfImage, taintsOfPool
} from '../out-of-tree/controller';
import {
  Distribution, ProviderRkeConfig, SELECTOR_ROLES, SelectorRole, roleOverrides, selectedRole
} from '../out-of-tree/config';
import {
  ControllerValues, HelmChartDocument, effectiveControllerValues, helmChartsIn, isControllerChart, splitManifest
} from '../out-of-tree/manifest';

export interface ConfigPool {
  name: string;
  roles: NodeRole[];
  /** The pool's EC2 `httpTokens` (`required` is IMDSv2 only). */
  httpTokens?: string;
}

export interface ClusterConfigFacts {
  kubernetesVersion?: string;
  distribution: Distribution;
  /** EC2 machine pools Rancher creates (node names follow the machines), or custom nodes. */
  kind: 'amazonec2' | 'custom';
  rkeConfig: ProviderRkeConfig;
  /** The EC2 pools; custom clusters have none (every role is assumed). */
  pools: ConfigPool[];
  /** A saved cluster (the edit page), for the migration advice. */
  saved: boolean;
}

const RESOURCE = 'spec.rkeConfig';
const SETUP_FIX = { text: text('fix.config.setup') };

const ROLE_OF_SELECTOR: Record<SelectorRole, NodeRole> = {
  'control-plane': 'controlplane', etcd: 'etcd', worker: 'worker'
};

/** The cloud provider the nodes get: the form's selector-less entry, else the global config (mirrors Rancher's planner merging machineSelectorConfig over machineGlobalConfig). */
export function cloudProviderName(config: ProviderRkeConfig): string {
  const formEntry = (config.machineSelectorConfig || []).find((entry) => !entry.machineLabelSelector);

  return String(formEntry?.config?.['cloud-provider-name'] || config.machineGlobalConfig?.['cloud-provider-name'] || '');
}

/** A machine's config with these roles: global, then the selector-less entry, then each role's entry (Rancher's planner order). */
export function machineConfigFor(config: ProviderRkeConfig, roles: readonly SelectorRole[]): Record<string, unknown> {
  const entries = config.machineSelectorConfig || [];

  return Object.assign(
    {},
    config.machineGlobalConfig || {},
    ...entries.filter((e) => !e.machineLabelSelector).map((e) => e.config || {}),
    ...entries.filter((e) => {
      const role = selectedRole(e.machineLabelSelector);

      return role && roles.includes(role);
    }).map((e) => e.config || {})
  );
}

const selectorRolesOf = (roles: readonly NodeRole[]): SelectorRole[] => SELECTOR_ROLES.filter((role) => roles.includes(ROLE_OF_SELECTOR[role]));

/** The roles' machines that would lack an override the version needs, e.g. `control-plane: kube-apiserver-arg`. */
export function missingOverrides(config: ProviderRkeConfig, pools: readonly ConfigPool[], distribution: Distribution): string[] {
  const roleSets = pools.length ? pools.map((pool) => selectorRolesOf(pool.roles)) : SELECTOR_ROLES.map((role) => [role]);
  const missing = new Set<string>();

  for (const roles of roleSets) {
    const machine = machineConfigFor(config, roles);

    for (const role of roles) {
      for (const [key, value] of Object.entries(roleOverrides(role, distribution))) {
        const has = Array.isArray(value) ? [machine[key]].flat().includes('cloud-provider=external') : machine[key] === value;

        if (!has) {
          missing.add(`${ role }: ${ key }`);
        }
      }
    }
  }

  return [...missing];
}

/** RKE2 on 1.27+: `cloud-provider-name: aws` with every component overridden to external (Rancher's docs, "Using Out-of-tree AWS Cloud Provider for RKE2"); before 1.27: `aws`. */
export function checkCloudProviderSetting(facts: ClusterConfigFacts, version: KubeVersion): Finding {
  const name = cloudProviderName(facts.rkeConfig);
  const base = {
    id: 'config.cloud-provider' as const, resource: RESOURCE, rule: rule('configCloudProvider')
  };
  const outOfTree = needsOutOfTreeProvider(version);

  if (!outOfTree) {
    return name === 'aws' ? {
      ...base, status: 'pass', message: text('check.config.cloudProvider.inTree')
    } : {
      ...base, status: 'fail', message: text('check.config.cloudProvider.missing', { name: name || '-' }), fix: { text: text('fix.config.chooseAmazon') }
    };
  }
  if (facts.distribution === 'rke2' && name !== 'aws' && name !== 'external') {
    return {
      ...base, status: 'fail', message: text('check.config.cloudProvider.missing', { name: name || '-' }), fix: SETUP_FIX
    };
  }

  const missing = missingOverrides(facts.rkeConfig, facts.pools, facts.distribution);

  if (missing.length && (facts.distribution === 'k3s' || name === 'aws')) {
    return {
      ...base, status: 'fail', message: text('check.config.cloudProvider.noOverrides', { count: missing.length, missing: missing.join('; ') }), fix: SETUP_FIX, details: missing
    };
  }

  return {
    ...base, status: 'pass', message: text(facts.distribution === 'k3s' ? 'check.config.cloudProvider.k3s' : 'check.config.cloudProvider.outOfTree', { name: name || '-' })
  };
}

/**
 * The controller finds a node without providerID only by a name equal to its private DNS name
 * (InstanceMetadata, instances_v2.go): RKE2's `cloud-provider-name: aws` names nodes so;
 * "External" and K3s leave host names (Rancher's EC2 machines are named after the machine).
 */
export function checkNodeNames(facts: ClusterConfigFacts): Finding | undefined {
  const name = cloudProviderName(facts.rkeConfig);
  const base = {
    id: 'config.node-names' as const, resource: RESOURCE, rule: rule('configNodeNames')
  };

  if (facts.distribution === 'k3s') {
    return facts.kind === 'amazonec2' ? {
      ...base, status: 'fail', message: text('check.config.nodeNames.k3sMachines'), fix: { text: text('fix.config.k3sMachines') }
    } : {
      ...base, status: 'warn', message: text('check.config.nodeNames.k3sCustom'), fix: { text: text('fix.config.k3sCustom') }
    };
  }
  if (name === 'external') {
    return {
      ...base, status: 'fail', message: text('check.config.nodeNames.external'), fix: SETUP_FIX
    };
  }

  return name === 'aws' ? {
    ...base, status: 'pass', message: text('check.config.nodeNames.ok')
  } : undefined;
}

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
    return {
      ...base, status: 'fail', message: text(unreadable ? 'check.config.manifest.unreadable' : 'check.config.manifest.missing', { count: unreadable }), fix: SETUP_FIX
    };
  }
  if (!controller.values) {
    return {
      ...base, status: 'fail', message: text('check.config.manifest.badValues', { problem: controller.valuesError || '-' }), fix: SETUP_FIX
    };
  }

  return {
    ...base, status: 'pass', message: text('check.config.manifest.ok', { name: `${ controller.namespace }/${ controller.name }` })
  };
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
    return {
      ...base, status: 'fail', message: text('check.config.selector.none', { selector }), fix: SETUP_FIX
    };
  }

  return {
    ...base, status: 'pass', message: text('check.config.selector.ok', { selector, count: matching.length })
  };
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

    return [{
      ...base,
      resource: pool.name || 'additionalManifest',
      // A custom cluster may have no node with both roles: the taint then does not matter.
      status:   custom ? 'warn' : 'fail',
      message:  text(custom ? 'check.config.tolerations.customMissing' : 'check.config.tolerations.missing', { taints: why.taints.map((t) => `${ t.key }:${ t.effect }`).join(', '), count: why.taints.length }),
      fix:      SETUP_FIX,
    }];
  });

  return findings.length ? findings : [{
    ...base, resource: 'additionalManifest', status: 'pass', message: text('check.config.tolerations.ok')
  }];
}

/** The controller's minor must equal the cluster's: only the matching release is guaranteed to work (cloud-provider-aws docs). */
export function checkControllerVersion(values: ControllerValues, version: KubeVersion): Finding {
  const base = {
    id: 'config.controller-version' as const, resource: 'additionalManifest', rule: rule('configControllerVersion')
  };
  const wanted = controllerImageTag(version);
  const minor = minorOfImage(values.imageTag);

  if (minor === version.minor) {
    return {
      ...base, status: 'pass', message: text('check.config.version.ok', { tag: values.imageTag })
    };
  }

  return {
    ...base,
    status:  'warn',
    message: text(wanted ? 'check.config.version.mismatch' : 'check.config.version.unknownRelease', { tag: values.imageTag, version: formatVersion(version) }),
    fix:     wanted ? { text: text('fix.config.imageTag', { tag: wanted }) } : undefined,
  };
}

/** IMDSv2 with EC2's default hop limit of 1 cannot be reached from a pod network: the controller needs host networking (getRegionFromMetadata, aws.go). */
export function checkControllerHostNetwork(values: ControllerValues, facts: ClusterConfigFacts): Finding {
  const base = {
    id: 'config.controller-host-network' as const, resource: 'additionalManifest', rule: rule('configControllerHostNetwork')
  };
  const imdsV2 = controlPlaneNodes(facts).filter((pool) => pool.httpTokens === 'required').map((pool) => pool.name);

  if (values.hostNetworking) {
    return {
      ...base, status: 'pass', message: text('check.config.hostNetwork.ok')
    };
  }
  if (imdsV2.length) {
    return {
      ...base, status: 'fail', message: text('check.config.hostNetwork.imdsV2', { pools: imdsV2.join(', ') }), fix: SETUP_FIX
    };
  }

  return {
    ...base, status: 'warn', message: text('check.config.hostNetwork.off'), fix: SETUP_FIX
  };
}

/** One cloud provider: two controllers fight over the same nodes and load balancers. */
export function checkSecondProvider(charts: readonly HelmChartDocument[]): Finding {
  const base = {
    id: 'config.second-provider' as const, resource: 'additionalManifest', rule: rule('configSecondProvider')
  };
  const providers = cloudProviderCharts(charts);

  if (providers.length > 1) {
    return {
      ...base, status: 'fail', message: text('check.config.secondProvider.many', { charts: providers.map((c) => `${ c.namespace }/${ c.name } (${ c.chart })`).join(', ') }), fix: { text: text('fix.config.oneProvider') }
    };
  }

  return {
    ...base, status: 'pass', message: text('check.config.secondProvider.ok')
  };
}

/** From 1.27 EBS volumes need the EBS CSI driver; its controller's node role needs the volume actions. */
export function checkVolumes(charts: readonly HelmChartDocument[]): Finding {
  const base = {
    id: 'config.volumes' as const, resource: 'additionalManifest', rule: rule('configVolumes')
  };
  const csi = charts.find((chart) => chart.chart === EBS_CSI_CHART.chart);

  if (!csi) {
    return {
      ...base, status: 'warn', message: text('check.config.volumes.missing'), fix: { text: text('fix.config.ebsCsi') }
    };
  }

  const controller = (csi.values?.controller || {}) as { nodeSelector?: Record<string, string> };
  const onControlPlane = controller.nodeSelector?.['node-role.kubernetes.io/control-plane'] === 'true';

  return {
    ...base, status: 'pass', message: text(onControlPlane ? 'check.config.volumes.controlPlane' : 'check.config.volumes.anyNode')
  };
}

/** A saved in-tree cluster must migrate with leader migration before 1.27 (Rancher's "Migrating to the Out-of-Tree AWS Cloud Provider for RKE2"). */
export function checkMigration(facts: ClusterConfigFacts, version: KubeVersion): Finding | undefined {
  if (!facts.saved || needsOutOfTreeProvider(version) || cloudProviderName(facts.rkeConfig) !== 'aws') {
    return undefined;
  }

  return {
    id: 'config.migration', resource: RESOURCE, status: 'warn', message: text('check.config.migration', { version: formatVersion(version) }), rule: rule('configMigration'), fix: { text: text('fix.config.migration') }
  };
}

/** Every configuration check for the cluster's version; in-tree versions need only the provider name (and the migration advice). */
export function runConfigChecks(facts: ClusterConfigFacts): Finding[] {
  const version = parseKubernetesVersion(facts.kubernetesVersion);

  if (!version) {
    return [];
  }

  const findings: Finding[] = [checkCloudProviderSetting(facts, version)];
  const migration = checkMigration(facts, version);

  if (migration) {
    findings.push(migration);
  }
  if (!needsOutOfTreeProvider(version)) {
    return findings;
  }

  const nodeNames = checkNodeNames(facts);
  const documents = splitManifest(facts.rkeConfig.additionalManifest);
  const charts = helmChartsIn(documents);
  const manifest = checkControllerManifest(charts, documents.filter((d) => d.error).length);
  const controller = charts.find(isControllerChart);

  if (nodeNames) {
    findings.push(nodeNames);
  }
  findings.push(manifest);
  if (controller?.values) {
    const values = effectiveControllerValues(controller.values);

    findings.push(
      checkControllerSelector(values, facts),
      ...checkControllerTolerations(values, facts),
      checkControllerVersion(values, version),
      checkControllerHostNetwork(values, facts),
    );
  }
  findings.push(checkSecondProvider(charts), checkVolumes(charts));

  return findings;
}
