/**
 * What the fake holds, built from the world: Rancher's own Steve (which is also the local
 * cluster's), each downstream cluster's, and Norman's cloud credentials.
 */

import { WorldEc2Cluster } from './cluster-shapes';
import { ExtensionPackage } from './dashboard-files';
import { downstreamObjects } from './downstream-objects';
import { cloudCredentials, rancherObjects } from './rancher-objects';
import { SteveStore } from './steve';
import { DOWNSTREAM_TYPES, MANAGEMENT_TYPES } from './types';

export interface FakeStore {
  /** Rancher's own Steve (`/v1`). */
  management: SteveStore;
  /** Each downstream cluster's Steve (`/k8s/clusters/<id>/v1`), by management cluster ID. */
  downstream: Record<string, SteveStore>;
  /** Norman cloud credentials (`/v3/cloudcredentials`). */
  cloudCredentials: Record<string, unknown>[];
}

/** The store of a fake listening at `origin`; without `extensionInstalled` no UIPlugin for the extension. */
export function worldStore(origin: string, extension: ExtensionPackage, options: { extraClusters?: WorldEc2Cluster[], extensionInstalled?: boolean }): FakeStore {
  // Rancher's own API is the local cluster's Steve: `/k8s/clusters/local/v1` and `/v1` are one
  // API (the explorer of `local` lists Rancher's types, the Apps pages its chart repositories).
  const { local: localObjects = [], ...downstreamClusters } = downstreamObjects(options.extraClusters);
  const management = new SteveStore([...MANAGEMENT_TYPES, ...DOWNSTREAM_TYPES.filter((type) => !MANAGEMENT_TYPES.some((m) => m.id === type.id))], [
    ...rancherObjects(origin, extension, options.extraClusters).filter((object) => options.extensionInstalled !== false || object.type !== 'catalog.cattle.io.uiplugin'),
    ...localObjects,
  ]);

  return {
    management,
    downstream:       { local: management, ...Object.fromEntries(Object.entries(downstreamClusters).map(([id, objects]) => [id, new SteveStore(DOWNSTREAM_TYPES, objects)])) },
    cloudCredentials: cloudCredentials(),
  };
}
