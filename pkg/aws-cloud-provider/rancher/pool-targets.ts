/**
 * What "Verify" asks of AWS for a cluster's machine pools: one target per pool, in the pool's
 * region, with the cluster ID, the cluster's Kubernetes version, which profiles are the control
 * plane's, and the profiles the cluster knows of. The panel (LiveVerification) and the fleet
 * (verification/fleet.ts, the page and the CLI) build their targets here, so they verify alike.
 */
import { Target } from '../verification/verify';
import { PoolView } from './machine-pools';
import { controlPlaneHints, poolCheckInputs } from './aws-access';

export interface PoolTargetsRequest {
  clusterId: string;
  kubernetesVersion?: string;
  /** Rancher launches Amazon EC2 pools with the cluster's credential: it must pass the role. Custom nodes are launched elsewhere. */
  checkPassRole: boolean;
  /** The pool's region (its own, else the credential's default, else Rancher's). */
  regionOf(pool: PoolView): string;
}

export function poolTargets(pools: readonly PoolView[], request: PoolTargetsRequest): Target[] {
  const knownInstanceProfiles = pools.map((pool) => pool.config?.iamInstanceProfile).filter((name): name is string => !!name);
  const controlPlane = controlPlaneHints(pools);

  return pools.map((pool) => {
    const region = request.regionOf(pool);

    return {
      region,
      ...poolCheckInputs(pool, request.clusterId, region, request.kubernetesVersion),
      checkPassRole: request.checkPassRole,
      knownInstanceProfiles,
      controlPlane,
    };
  });
}
