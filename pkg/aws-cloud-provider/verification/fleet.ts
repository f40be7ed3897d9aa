/**
 * The fleet: every Amazon cluster verified with the use cases the cluster's own pages run, each
 * with its own cloud credential. Per cluster, the machine pools as the edit page's "Verify"
 * checks them (poolTargets → verifyTargets) and the running cluster as its detail tab does
 * (verifyRunningCluster: nodes and controller through Rancher's cluster proxy), in one report.
 * Clusters run a bounded number at a time; one that fails is an error on its own result and
 * never stops the others; a cancel stops the rest.
 */
import { AwsClients } from '../aws/clients';
import { concurrencyLimit } from '../aws/concurrency';
import { GatherCancelled, GatherOptions } from '../aws/gather';
import { sharingReads } from '../aws/shared-reads';
import {
  CheckStatus, Finding, STATUS_ORDER, summarize, worse
} from '../domain/findings';
import { mergeFindings } from '../domain/report';
import { FALLBACK_REGION, clusterIdFromPoolTags, regionFor } from '../rancher/aws-access';
import { FleetCluster } from '../rancher/fleet';
import { poolTargets } from '../rancher/pool-targets';
import { ClusterStateReader } from './cluster-state';
import { verifyRunningCluster } from './cluster';
import { verifyTargets } from './verify';

/** How the fronts reach AWS and the downstream clusters: through Rancher, each its own way. */
export interface FleetAccess {
  /** Clients whose requests Rancher's /meta/proxy signs with this cloud credential. */
  clientsFor(credentialId: string, region: string): Promise<AwsClients>;
  /** The downstream cluster through Rancher's cluster proxy. */
  clusterState(managementClusterId: string): ClusterStateReader;
}

/** Why part of a cluster could not be verified (l10n keys under `awsCloudProvider.fleet.note.`). */
export type FleetNote = 'noCredential' | 'notProvisioned';

export interface FleetResult {
  /** The provisioning cluster's ID. */
  id: string;
  name: string;
  /** When the verification ended (ms since the epoch). */
  verifiedAt: number;
  /** The worst status found; `unknown` when the cluster could not be verified at all. */
  verdict: CheckStatus;
  summary: Record<CheckStatus, number>;
  findings: Finding[];
  notes: FleetNote[];
  /** The error that stopped this cluster's verification (its row says it; the others go on). */
  error?: string;
  /** The cluster ID of the tags and the region, for the report's header. */
  clusterId: string;
  region: string;
}

export function verdictOf(summary: Record<CheckStatus, number>): CheckStatus {
  return STATUS_ORDER.find((status) => summary[status] > 0) || 'unknown';
}

/** One cluster: its pools and its running nodes and controller, as one list of findings. */
export async function verifyFleetCluster(cluster: FleetCluster, access: FleetAccess, options: GatherOptions = {}): Promise<FleetResult> {
  const credentialId = cluster.credential?.id;
  const clusterId = clusterIdFromPoolTags(cluster.pools) || cluster.managementClusterId || '';
  const regionOf = (pool: FleetCluster['pools'][number]) => regionFor(pool, cluster.credential);
  const region = cluster.pools[0] ? regionOf(cluster.pools[0]) : cluster.credential?.defaultRegion || FALLBACK_REGION;
  // One set of clients per region for this cluster's run: what the pools' checks and the nodes'
  // checks both read (the instances, subnets, groups, profiles) is asked once.
  const shared = new Map<string, Promise<AwsClients>>();
  const clientsFor = credentialId ? (at: string) => {
    if (!shared.has(at)) {
      shared.set(at, access.clientsFor(credentialId, at).then(sharingReads));
    }

    return shared.get(at) as Promise<AwsClients>;
  } : undefined;
  const notes: FleetNote[] = [];
  const runs: Finding[][] = [];

  if (!credentialId) {
    notes.push('noCredential');
  }
  if (!cluster.managementClusterId) {
    notes.push('notProvisioned');
  }

  // The pools as the edit page verifies them (a custom cluster has none).
  const pools = clientsFor && clusterId && cluster.pools.length ? verifyTargets(poolTargets(cluster.pools, {
    clusterId, kubernetesVersion: cluster.kubernetesVersion, checkPassRole: cluster.kind === 'amazonec2', regionOf
  }), clientsFor, options) : undefined;
  // The running cluster as its detail tab verifies it; without a credential its controller and nodes only.
  const running = cluster.managementClusterId ? verifyRunningCluster(access.clusterState(cluster.managementClusterId), {
    clusterId: clusterIdFromPoolTags(cluster.pools), fallbackClusterId: cluster.managementClusterId, fallbackRegion: region, kubernetesVersion: cluster.kubernetesVersion
  }, clientsFor, options) : undefined;
  const [poolsDone, runningDone] = await Promise.all([pools, running]);

  if (poolsDone) {
    runs.push(poolsDone.findings);
  }
  if (runningDone) {
    runs.push(runningDone.findings);
  }
  const findings = mergeFindings(runs);
  const summary = summarize(findings);

  return {
    id:         cluster.id,
    name:       cluster.name,
    verifiedAt: Date.now(),
    // What could not be looked at (no credential: no AWS) keeps the verdict from reading as OK.
    verdict:    notes.length ? worse(verdictOf(summary), 'unknown') : verdictOf(summary),
    summary,
    findings,
    notes,
    clusterId:  runningDone?.clusterId || clusterId,
    region:     runningDone?.region || region,
  };
}

export interface FleetRunOptions {
  /** Clusters verified at once (default 6): each runs its own bounded AWS reads besides. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Each AWS call or cluster read answered, for the progress bar. */
  onProgress?: (operation: string) => void;
  /** Each cluster's result as soon as it is known (an error one included). */
  onResult?: (result: FleetResult) => void;
}

export const FLEET_CONCURRENCY = 6;

/** A cluster whose verification threw: the error on its own result. */
function failedResult(cluster: FleetCluster, error: unknown): FleetResult {
  return {
    id:         cluster.id,
    name:       cluster.name,
    verifiedAt: Date.now(),
    verdict:    'unknown',
    summary:    {
      pass: 0, warn: 0, fail: 0, unknown: 0
    },
    findings:  [],
    notes:     [],
    error:     (error as Error)?.message || String(error),
    clusterId: cluster.managementClusterId || '',
    region:    cluster.credential?.defaultRegion || FALLBACK_REGION,
  };
}

/**
 * Every cluster, `concurrency` at a time. Results come in as they finish (onResult) and are
 * answered in the clusters' order; after a cancel, clusters not finished are left out.
 */
export async function verifyFleet(clusters: readonly FleetCluster[], access: FleetAccess, options: FleetRunOptions = {}): Promise<FleetResult[]> {
  const limit = concurrencyLimit(Math.max(1, options.concurrency || FLEET_CONCURRENCY));
  const results = await Promise.all(clusters.map((cluster) => limit(async() => {
    if (options.signal?.aborted) {
      return undefined;
    }
    let result: FleetResult;

    try {
      result = await verifyFleetCluster(cluster, access, { signal: options.signal, onProgress: options.onProgress });
    } catch (error) {
      if (error instanceof GatherCancelled || options.signal?.aborted) {
        return undefined;
      }
      result = failedResult(cluster, error);
    }
    options.onResult?.(result);

    return result;
  })));

  return results.filter((result): result is FleetResult => !!result);
}
