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

/** The parts of the provisioning cluster model `machineProviderOf` reads. */
export interface ClusterProviderFields {
  machineProvider?: string | null;
  metadata?: { name?: string, annotations?: Record<string, string> | null };
  spec?: { rkeConfig?: { machinePools?: { machineConfigRef?: { kind?: string } }[] | null } | null };
}

/** The annotation a cluster made by an extension's provisioner names its provider with. */
const UI_CUSTOM_PROVIDER = 'ui.rancher/provider';

/**
 * The machine provider of a cluster, the same in every shell: `amazonec2` for Amazon EC2 pools,
 * null for an RKE2/K3s cluster without pools (custom, or being created).
 *
 * The host's own `machineProvider` getter moved: up to shell 3.0.12 it read the annotation, then
 * the first pool's `machineConfigRef.kind`; from 3.0.13 (Rancher 2.15) it is the management
 * cluster's `status.info.machineProvider`, undefined while that cluster is not in the store and
 * not ours to interpret for pool-less clusters. So the saved spec decides, as it did in 3.0.12,
 * and the host's value only for clusters without an RKE2 config (imported, hosted).
 */
export function machineProviderOf(cluster: ClusterProviderFields | null | undefined): string | null {
  const annotated = cluster?.metadata?.annotations?.[UI_CUSTOM_PROVIDER];

  if (annotated) {
    return annotated.toLowerCase();
  }
  const rkeConfig = cluster?.spec?.rkeConfig;

  if (rkeConfig) {
    const kind = rkeConfig.machinePools?.[0]?.machineConfigRef?.kind;

    return kind ? kind.replace(/config$/i, '').toLowerCase() : null;
  }

  return (cluster?.machineProvider || '').toLowerCase() || null;
}

/** `aws` is the in-tree Amazon provider; `external` is the out-of-tree one Rancher's docs use from 1.27. */
export function usesAmazonCloudProvider(cloudProviderName: string | null | undefined): boolean {
  return cloudProviderName === 'aws' || cloudProviderName === 'external';
}

const MANAGEMENT_CLUSTER = 'management.cattle.io.cluster';
const PROVISIONING_CLUSTER = 'provisioning.cattle.io.cluster';

/** A row of Rancher's cluster list: a provisioning cluster (shells up to 3.0.8) or a management cluster (3.0.13). */
export interface ClusterListRow { id?: string, type?: string, provClusterId?: string, spec?: Record<string, unknown> }

/**
 * The provisioning cluster a row of Rancher's cluster list stands for. Up to 3.0.8 the list's rows
 * are provisioning clusters; 3.0.13's paginated list shows management clusters, each naming its
 * provisioning cluster (`provClusterId`, from Steve's relationships), which the list loads beside.
 */
export function provisioningClusterOfRow<T extends ClusterListRow>(row: T, byId: (type: string, id: string) => T | undefined): T | undefined {
  if (row.type !== MANAGEMENT_CLUSTER) {
    return row;
  }

  return row.provClusterId ? byId(PROVISIONING_CLUSTER, row.provClusterId) : undefined;
}
