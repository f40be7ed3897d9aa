/** The three Rancher node roles a machine pool (or a custom node) can carry. */
export type NodeRole = 'controlplane' | 'etcd' | 'worker';

export const ALL_ROLES: readonly NodeRole[] = ['controlplane', 'etcd', 'worker'];

/** Parses a comma list such as `controlplane,worker`; unknown names are returned separately. */
export function parseRoles(text: string): { roles: NodeRole[], unknown: string[] } {
  const roles: NodeRole[] = [];
  const unknown: string[] = [];

  for (const raw of text.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean)) {
    const name = raw === 'control-plane' ? 'controlplane' : raw;

    if ((ALL_ROLES as readonly string[]).includes(name)) {
      if (!roles.includes(name as NodeRole)) {
        roles.push(name as NodeRole);
      }
    } else {
      unknown.push(raw);
    }
  }

  return { roles, unknown };
}

/** The roles of an RKE2 machine pool (`spec.rkeConfig.machinePools[]`). */
export function rolesOfPool(pool: { controlPlaneRole?: boolean, etcdRole?: boolean, workerRole?: boolean }): NodeRole[] {
  const roles: NodeRole[] = [];

  if (pool.controlPlaneRole) {
    roles.push('controlplane');
  }
  if (pool.etcdRole) {
    roles.push('etcd');
  }
  if (pool.workerRole) {
    roles.push('worker');
  }

  return roles;
}
