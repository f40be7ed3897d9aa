/**
 * The cluster being created or edited, as the provider's configuration sees it: its version,
 * distribution, `spec.rkeConfig` and pools (read), and the setup plan written into the editor's
 * own `spec.rkeConfig` (so the form, "Edit as YAML" and Create/Save all see it; nothing is saved
 * until the user saves).
 */
import { ClusterConfigFacts } from '../domain/checks/config';
import {
  ProviderRkeConfig, SetupPlan, SetupUnavailable, applyProviderSetup, distributionOf, planProviderSetup
} from '../domain/out-of-tree/config';
import { PoolView } from './machine-pools';

export interface ConfigurableCluster {
  metadata?: { name?: string };
  spec?: { kubernetesVersion?: string, rkeConfig?: ProviderRkeConfig };
}

/** What the configuration checks read of the cluster. */
export function clusterConfigFacts(cluster: ConfigurableCluster, pools: readonly PoolView[], kind: 'amazonec2' | 'custom', saved: boolean): ClusterConfigFacts {
  const kubernetesVersion = cluster.spec?.kubernetesVersion;

  return {
    kubernetesVersion,
    distribution: distributionOf(kubernetesVersion),
    kind,
    rkeConfig:    cluster.spec?.rkeConfig || {},
    pools:        kind === 'amazonec2' ? pools.map((pool) => ({
      name: pool.name, roles: pool.roles, httpTokens: (pool.config as { httpTokens?: string } | undefined)?.httpTokens
    })) : [],
    saved,
  };
}

/** The setup for the cluster's selected version, merged into what it has. */
export function providerSetupPlan(cluster: ConfigurableCluster, ebsCsi: boolean): SetupPlan | SetupUnavailable {
  const kubernetesVersion = cluster.spec?.kubernetesVersion;

  return planProviderSetup(cluster.spec?.rkeConfig || {}, {
    kubernetesVersion, distribution: distributionOf(kubernetesVersion), ebsCsi
  });
}

/** Writes the plan into the editor's cluster value, key by key. */
export function writeProviderSetup(cluster: ConfigurableCluster, plan: SetupPlan): void {
  if (!cluster.spec) {
    return;
  }
  if (!cluster.spec.rkeConfig) {
    cluster.spec.rkeConfig = {};
  }
  applyProviderSetup(cluster.spec.rkeConfig, plan);
}
