/**
 * Reading machine pools from Rancher's cluster page. On create, pools exist only inside the
 * page's editor (`machinePools`, each `{ pool, config, remove }`); on edit they are also saved
 * in `spec.rkeConfig.machinePools` with their amazonec2 configs stored separately.
 */

import { NodeRole, rolesOfPool } from '../domain/roles';
import { withClusterTag } from '../domain/cluster-tags';
import { ProviderRkeConfig } from '../domain/out-of-tree/config';

export const AMAZON_EC2_CONFIG_TYPE = 'rke-machine-config.cattle.io.amazonec2config';

/** The fields of an Amazon EC2 machine config this extension reads. */
export interface AmazonEc2Config {
  region?: string;
  zone?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroup?: string[];
  iamInstanceProfile?: string;
  tags?: string;
}

export interface RkeMachinePool {
  name?: string;
  controlPlaneRole?: boolean;
  etcdRole?: boolean;
  workerRole?: boolean;
  quantity?: number;
  machineConfigRef?: { kind?: string, name?: string };
}

/** What the panel shows for one pool. */
export interface PoolView {
  name: string;
  roles: NodeRole[];
  /** Undefined when the pool's EC2 config could not be read. */
  config?: AmazonEc2Config;
  /** True when `config` is the editor's own object: what is written to it, the form shows and Rancher saves. */
  editable?: boolean;
}

interface EditorPoolEntry { pool?: RkeMachinePool, config?: AmazonEc2Config, remove?: boolean }

export function toPoolView(pool: RkeMachinePool, config?: AmazonEc2Config | null): PoolView {
  return {
    name:   pool.name || '',
    roles:  rolesOfPool(pool),
    config: config || undefined,
  };
}

/** The pools the cluster editor is holding, or undefined when none of `candidates` holds them. */
export function poolsFromEditor(candidates: unknown[]): PoolView[] | undefined {
  for (const candidate of candidates) {
    const entries = (candidate as { machinePools?: unknown } | null)?.machinePools;

    if (Array.isArray(entries)) {
      return (entries as EditorPoolEntry[])
        .filter((entry) => entry && !entry.remove && entry.pool)
        .map((entry) => ({ ...toPoolView(entry.pool as RkeMachinePool, entry.config), editable: !!entry.config }));
    }
  }

  return undefined;
}

/** The component and its ancestors, nearest first: the cluster editor is one of them. */
export function ancestorsOf(component: { $parent?: unknown } | null): unknown[] {
  const chain: unknown[] = [];
  let current = component as { $parent?: unknown } | null;

  while (current) {
    chain.push(current);
    current = (current.$parent as { $parent?: unknown } | null) || null;
  }

  return chain;
}

export interface ClusterLike {
  metadata?: { namespace?: string, name?: string };
  spec?: { kubernetesVersion?: string, rkeConfig?: ProviderRkeConfig & { machinePools?: RkeMachinePool[] } };
}

type FindConfig = (id: string) => Promise<AmazonEc2Config | undefined>;

/** The saved pools of a cluster, each with its saved amazonec2 config when it can be read. */
export async function poolsFromSavedCluster(cluster: ClusterLike, findConfig: FindConfig): Promise<PoolView[]> {
  const namespace = cluster.metadata?.namespace || 'fleet-default';
  const pools = cluster.spec?.rkeConfig?.machinePools || [];

  return Promise.all(pools.map(async(pool) => {
    const ref = pool.machineConfigRef;
    let config: AmazonEc2Config | undefined;

    if (ref?.name && (ref.kind || '').toLowerCase() === 'amazonec2config') {
      config = await findConfig(`${ namespace }/${ ref.name }`).catch(() => undefined);
    }

    return toPoolView(pool, config);
  }));
}

/** Sets the pool's "IAM Instance Profile Name" in the editor, as if typed into the form. */
export function writeInstanceProfile(pool: PoolView, name: string): void {
  if (pool.editable && pool.config) {
    pool.config.iamInstanceProfile = name;
  }
}

/** Adds `kubernetes.io/cluster/<clusterId>=owned` to the pool's EC2 tags in the editor. */
export function writeClusterTag(pool: PoolView, clusterId: string): void {
  if (pool.editable && pool.config) {
    pool.config.tags = withClusterTag(pool.config.tags, clusterId);
  }
}
