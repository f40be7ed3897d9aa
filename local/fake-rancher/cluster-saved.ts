/**
 * A saved provisioning cluster, downstream: what the cluster's manifest makes run there
 * (downstream.ts) replaces what the simulation wrote before.
 */

import { WorldEc2Cluster } from './cluster-shapes';
import { downstreamState, SIMULATED_TYPES } from './downstream';
import { downstreamCluster } from './downstream-objects';
import { SteveObject } from './steve';
import { FakeStore } from './store';

/** What happens downstream when one of `ec2Clusters` is saved in `store`. */
export function clusterSimulation(store: FakeStore, ec2Clusters: WorldEc2Cluster[]): (cluster: SteveObject) => void {
  /** Nodes of each EC2 cluster a controller has initialised (they stay so). */
  const initialised: Record<string, Set<string>> = Object.fromEntries(ec2Clusters.map((cluster) => [cluster.managementId, new Set<string>()]));

  /**
   * A saved provisioning cluster: RKE2 applies its config and additionalManifest downstream, and
   * the cluster's controllers do the rest (downstream.ts), here at once.
   */
  function clusterSaved(cluster: SteveObject) {
    const world = ec2Clusters.find((c) => c.id === cluster.id);
    const api = world && store.downstream[world.managementId];

    if (!world || !api) {
      return;
    }
    const before = api.list('node').filter((node) => !(node.spec?.taints || []).some((t: { key: string }) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized'));
    const state = downstreamState(downstreamCluster(world), cluster.spec?.rkeConfig || {}, new Set([...initialised[world.managementId], ...before.map((node) => node.id)]));

    initialised[world.managementId] = state.initialised;
    for (const type of SIMULATED_TYPES) {
      for (const object of api.list(type)) {
        api.remove(type, object.id);
      }
    }
    for (const object of state.objects) {
      api.add(object);
    }
  }

  return clusterSaved;
}
