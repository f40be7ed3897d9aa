/**
 * The cloud provider the cluster's nodes are told to use: its name, the per-role overrides to
 * `cloud-provider=external` the version needs, node names the controller can find, and the
 * migration advice for a saved in-tree cluster. Read from `spec.rkeConfig` as Rancher's planner
 * merges it.
 */
import { KubeVersion, formatVersion, needsOutOfTreeProvider } from '../kubernetes-version';
import { NodeRole } from '../roles';
import { Finding, finding, rule, text } from '../findings';
import {
  Distribution, ProviderRkeConfig, SELECTOR_ROLES, SelectorRole, roleOverrides, selectedRole
} from '../out-of-tree/config';
import type { ClusterConfigFacts, ConfigPool } from './config';

const RESOURCE = 'spec.rkeConfig';

export const SETUP_FIX = { text: text('fix.config.setup') };

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
    return name === 'aws' ? finding({
      ...base, status: 'pass', message: text('check.config.cloudProvider.inTree')
    }) : finding({
      ...base, status: 'fail', message: text('check.config.cloudProvider.missing', { name: name || '-' }), fix: { text: text('fix.config.chooseAmazon') }
    });
  }
  if (facts.distribution === 'rke2' && name !== 'aws' && name !== 'external') {
    return finding({
      ...base, status: 'fail', message: text('check.config.cloudProvider.missing', { name: name || '-' }), fix: SETUP_FIX
    });
  }

  const missing = missingOverrides(facts.rkeConfig, facts.pools, facts.distribution);

  if (missing.length && (facts.distribution === 'k3s' || name === 'aws')) {
    return finding({
      ...base, status: 'fail', message: text('check.config.cloudProvider.noOverrides', { count: missing.length, missing: missing.join('; ') }), fix: SETUP_FIX, details: missing
    });
  }

  return finding({
    ...base, status: 'pass', message: text(facts.distribution === 'k3s' ? 'check.config.cloudProvider.k3s' : 'check.config.cloudProvider.outOfTree', { name: name || '-' })
  });
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
    return facts.kind === 'amazonec2' ? finding({
      ...base, status: 'fail', message: text('check.config.nodeNames.k3sMachines'), fix: { text: text('fix.config.k3sMachines') }
    }) : finding({
      ...base, status: 'warn', message: text('check.config.nodeNames.k3sCustom'), fix: { text: text('fix.config.k3sCustom') }
    });
  }
  if (name === 'external') {
    return finding({
      ...base, status: 'fail', message: text('check.config.nodeNames.external'), fix: SETUP_FIX
    });
  }

  return name === 'aws' ? finding({
    ...base, status: 'pass', message: text('check.config.nodeNames.ok')
  }) : undefined;
}

/** A saved in-tree cluster must migrate with leader migration before 1.27 (Rancher's "Migrating to the Out-of-Tree AWS Cloud Provider for RKE2"). */
export function checkMigration(facts: ClusterConfigFacts, version: KubeVersion): Finding | undefined {
  if (!facts.saved || needsOutOfTreeProvider(version) || cloudProviderName(facts.rkeConfig) !== 'aws') {
    return undefined;
  }

  return finding({
    id: 'config.migration', resource: RESOURCE, status: 'warn', message: text('check.config.migration', { version: formatVersion(version) }), rule: rule('configMigration'), fix: { text: text('fix.config.migration') }
  });
}
