/** What the cluster page tells us about the cluster being created or edited. */

export type ClusterKind = 'amazonec2' | 'custom' | 'other';

/**
 * `machineProvider` comes from the saved pools (null on create and for custom clusters);
 * on create the route's `type` query (`amazonec2` or `custom`) says which page this is.
 */
export function clusterKind(machineProvider: string | null | undefined, routeType: string | null | undefined, isCreate: boolean): ClusterKind {
  const provider = (machineProvider || '').toLowerCase();

  if (provider) {
    return provider === 'amazonec2' ? 'amazonec2' : 'other';
  }
  if (isCreate) {
    return routeType === 'amazonec2' || routeType === 'custom' ? routeType : 'other';
  }

  // A saved RKE2 cluster with no machine pools is a custom cluster.
  return 'custom';
}

/** `aws` is the in-tree Amazon provider; `external` is the out-of-tree one Rancher's docs use from 1.27. */
export function usesAmazonCloudProvider(cloudProviderName: string | null | undefined): boolean {
  return cloudProviderName === 'aws' || cloudProviderName === 'external';
}
