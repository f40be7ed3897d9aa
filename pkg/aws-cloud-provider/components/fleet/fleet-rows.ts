/**
 * The fleet table: its columns, and its rows, one plain object per cluster, kept from one result to the next: a
 * result replaces its own cluster's row and no other, so the table's cells whose row did not
 * change keep their render (200 clusters, a batch of results a second). Rows are kept out of
 * Vue's reactivity; the table gets a new array when a row changed.
 */
import { markRaw } from 'vue';
import { Finding, STATUS_ORDER } from '../../domain/findings';
import { say } from '../../domain/report';
import { FleetCluster } from '../../rancher/fleet';
import { FleetNote, FleetResult } from '../../verification/fleet';
import { StoredResult } from './stored-results';
import { formatTime, verdictKey } from './verdict';

type Translate = (key: string, args?: Record<string, unknown>) => string;
type AnyResult = FleetResult | StoredResult;

export interface FleetRow {
  id: string;
  name: string;
  detailPath: string;
  kubernetesVersion: string;
  provider: string;
  credential: string;
  /** The verdict shown: a status, `error`, or `none` (never verified). */
  verdict: string;
  verdictLabel: string;
  /** Worst first, never verified last: the verdict column's sort. */
  verdictRank: number;
  verifiedAt: number;
  verifiedText: string;
  /** Why the cluster could not be verified, on its own row: the error, else the first finding that could not be verified. */
  reason: string;
}

export const clusterPath = (cluster: Pick<FleetCluster, 'namespace' | 'name'>): string => `/c/_/manager/provisioning.cattle.io.cluster/${ cluster.namespace }/${ cluster.name }`;

export function reasonOf(result: AnyResult | undefined, t: Translate): string {
  if (!result) {
    return '';
  }
  if (result.error) {
    return t('awsCloudProvider.fleet.error', { message: result.error });
  }
  const findings = 'problems' in result ? result.problems : result.findings;
  const unknown = result.verdict === 'unknown' ? findings.find((finding) => finding.status === 'unknown') : undefined;

  return unknown ? `${ unknown.resource }: ${ say(t, unknown.message) }` : '';
}

/** One cluster's row with its result (this session's, else the one kept in the browser), if any. */
export function fleetRow(cluster: FleetCluster, result: AnyResult | undefined, t: Translate): FleetRow {
  return {
    id:                cluster.id,
    name:              cluster.name,
    detailPath:        clusterPath(cluster),
    kubernetesVersion: cluster.kubernetesVersion || '',
    provider:          t(`awsCloudProvider.fleet.provider.${ cluster.providerMode }`),
    credential:        cluster.credential?.name || '',
    verdict:           result ? (result.error ? 'error' : result.verdict) : 'none',
    verdictLabel:      result ? t(verdictKey(result.verdict, result.error)) : t('awsCloudProvider.fleet.never'),
    verdictRank:       result ? STATUS_ORDER.indexOf(result.error ? 'unknown' : result.verdict) : STATUS_ORDER.length,
    verifiedAt:        result?.verifiedAt || 0,
    verifiedText:      result ? formatTime(result.verifiedAt) : '',
    reason:            reasonOf(result, t),
  };
}

/** The rows as last made: each with the cluster and the result it was made from. */
interface Made { cluster: FleetCluster, result: AnyResult | undefined, row: FleetRow }

export interface FleetRows {
  rows: readonly FleetRow[];
  made: ReadonlyMap<string, Made>;
}

/**
 * The rows of `clusters`, a row made again only when its cluster or its result is another
 * object than the ones it was made from (pass the last answer as `previous`): the others are the
 * same objects. The same answer when no row changed. Rows are raw: Vue never proxies them.
 */
export function fleetRows(clusters: readonly FleetCluster[], resultOf: (id: string) => AnyResult | undefined, t: Translate, previous?: FleetRows): FleetRows {
  const made = new Map<string, Made>();
  let changed = !previous || previous.rows.length !== clusters.length;
  const rows = clusters.map((cluster, i) => {
    const result = resultOf(cluster.id);
    const last = previous?.made.get(cluster.id);
    const row = last && last.cluster === cluster && last.result === result ? last.row : markRaw(fleetRow(cluster, result, t));

    changed = changed || previous?.rows[i] !== row;
    made.set(cluster.id, {
      cluster, result, row
    } as Made);

    return row;
  });

  return changed || !previous ? { rows: markRaw(rows), made } : previous;
}

/**
 * Remembers the last rows: `rows()` makes again only those whose cluster or result changed, and
 * all of them in another language (`locale`, the host's current one).
 */
export function fleetRowCache(): { rows(clusters: readonly FleetCluster[], resultOf: (id: string) => AnyResult | undefined, t: Translate, locale?: string): readonly FleetRow[] } {
  let last: FleetRows | undefined;
  let lastLocale: string | undefined;

  return {
    rows(clusters, resultOf, t, locale) {
      last = fleetRows(clusters, resultOf, t, locale === lastLocale ? last : undefined);
      lastLocale = locale;

      return last.rows;
    },
  };
}

/** The table's columns: what each shows, sorts by and is searched by. */
export function fleetHeaders(t: Translate): Record<string, unknown>[] {
  // No sort, no arrow: SortableTable shows one for any `sort`, an empty list included.
  const column = (name: string, key: string, value: string, sort?: string[], search: boolean | string = value) => ({
    name, label: t(`awsCloudProvider.fleet.column.${ key }`), value, search, ...(sort ? { sort } : {})
  });

  return [
    column('name', 'cluster', 'name', ['name']),
    column('version', 'version', 'kubernetesVersion', ['kubernetesVersion', 'name']),
    column('provider', 'provider', 'provider', ['provider', 'name']),
    column('credential', 'credential', 'credential', ['credential', 'name']),
    column('verdict', 'verdict', 'verdictLabel', ['verdictRank', 'name']),
    column('verified', 'verified', 'verifiedText', ['verifiedAt:desc', 'name'], false),
    column('actions', 'actions', 'id', undefined, false),
  ];
}

export interface FleetReportModel {
  cluster: FleetCluster;
  findings: Finding[];
  clusterId: string;
  region: string;
  notes: FleetNote[];
  error: string;
  verifiedAt: number;
  /** Only the problems were kept (in the browser): not the whole report. */
  stored: boolean;
}

/** A cluster's report: this session's full one (`live`), else the problems kept in the browser. */
export function reportOf(cluster: FleetCluster | undefined, live: FleetResult | undefined, kept: StoredResult | undefined): FleetReportModel | undefined {
  const result = live || kept;

  if (!cluster || !result) {
    return undefined;
  }

  return {
    cluster,
    findings:   live ? live.findings : (kept as StoredResult).problems,
    clusterId:  result.clusterId,
    region:     result.region,
    notes:      result.notes,
    error:      result.error || '',
    verifiedAt: result.verifiedAt,
    stored:     !live && !(kept as StoredResult).complete,
  };
}
