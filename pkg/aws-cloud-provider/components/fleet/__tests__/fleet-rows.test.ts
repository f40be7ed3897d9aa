import { FleetCluster } from '../../../rancher/fleet';
import { FleetResult } from '../../../verification/fleet';
import {
  fleetHeaders, fleetRow, fleetRowCache, fleetRows, reasonOf, reportOf
} from '../fleet-rows';
import { StoredResult } from '../stored-results';

/** Keys and their arguments, so the tests read what each cell says without the host's l10n. */
const t = (key: string, args?: Record<string, unknown>) => (args ? `${ key } ${ JSON.stringify(args) }` : key);

const cluster = (name: string, extra: Partial<FleetCluster> = {}): FleetCluster => ({
  id:                `fleet-default/${ name }`,
  name,
  namespace:         'fleet-default',
  kubernetesVersion: 'v1.33.5+rke2r1',
  providerMode:      'outOfTree',
  credential:        { id: 'cattle-global-data:cc-1', name: 'aws-rancher' },
  pools:             [],
  ...extra,
} as unknown as FleetCluster);

const result = (c: FleetCluster, extra: Partial<FleetResult> = {}): FleetResult => ({
  id:         c.id,
  name:       c.name,
  verifiedAt: Date.UTC(2026, 11, 2, 15, 37),
  verdict:    'pass',
  summary:    {
    pass: 3, warn: 0, fail: 0, unknown: 0
  },
  findings:  [],
  notes:     [],
  clusterId: 'c-m-1',
  region:    'us-east-1',
  ...extra,
});

const unknownFinding = {
  id: 'nodes.provider-id', status: 'unknown', resource: 'node-a', message: { key: 'finding.cannotRead' }, rule: { key: 'rule.x' }
} as unknown as FleetResult['findings'][number];

describe('fleetRow: what one cluster\'s row shows', () => {
  it('a cluster never verified: no verdict, ranked last, nothing to say', () => {
    expect(fleetRow(cluster('a', { credential: undefined }), undefined, t)).toEqual({
      id:                'fleet-default/a',
      name:              'a',
      detailPath:        '/c/_/manager/provisioning.cattle.io.cluster/fleet-default/a',
      kubernetesVersion: 'v1.33.5+rke2r1',
      provider:          'awsCloudProvider.fleet.provider.outOfTree',
      credential:        '',
      verdict:           'none',
      verdictLabel:      'awsCloudProvider.fleet.never',
      verdictRank:       4,
      verifiedAt:        0,
      verifiedText:      '',
      reason:            '',
    });
  });

  it('a verdict, its label, its rank (worst first) and its time', () => {
    const c = cluster('a');
    const row = fleetRow(c, result(c, { verdict: 'fail' }), t);

    expect(row).toMatchObject({
      verdict: 'fail', verdictLabel: 'awsCloudProvider.fleet.verdict.fail', verdictRank: 0, verifiedAt: Date.UTC(2026, 11, 2, 15, 37), reason: ''
    });
    expect(row.verifiedText).toMatch(/2026/);
  });

  it('an error is its own verdict, ranked as "could not verify" (after failed), with the error as the reason', () => {
    const c = cluster('a');
    const row = fleetRow(c, result(c, { verdict: 'unknown', error: 'HTTP 503: cluster agent disconnected' }), t);

    expect(row).toMatchObject({
      verdict: 'error', verdictLabel: 'awsCloudProvider.fleet.verdict.error', verdictRank: 1
    });
    expect(row.reason).toBe('awsCloudProvider.fleet.error {"message":"HTTP 503: cluster agent disconnected"}');
  });

  it('"could not verify" says the first finding that could not be verified, from a report or from the kept problems', () => {
    const c = cluster('a');
    const live = result(c, { verdict: 'unknown', findings: [unknownFinding] });
    const kept = {
      ...live, problems: [unknownFinding], complete: true
    } as unknown as StoredResult;

    expect(reasonOf(live, t)).toBe('node-a: awsCloudProvider.finding.cannotRead');
    expect(reasonOf(kept, t)).toBe('node-a: awsCloudProvider.finding.cannotRead');
    expect(reasonOf(result(c, { verdict: 'warn', findings: [unknownFinding] }), t)).toBe('');
  });
});

describe('fleetRows: a new result makes its own row again, and no other', () => {
  const clusters = [cluster('a'), cluster('b'), cluster('c')];

  it('keeps the rows of the clusters whose result is the same object', () => {
    const results: Record<string, FleetResult> = {};
    const first = fleetRows(clusters, (id) => results[id], t);

    results[clusters[1].id] = result(clusters[1], { verdict: 'warn' });
    const second = fleetRows(clusters, (id) => results[id], t, first);

    expect(second.rows).not.toBe(first.rows);
    expect(second.rows[0]).toBe(first.rows[0]);
    expect(second.rows[2]).toBe(first.rows[2]);
    expect(second.rows[1]).not.toBe(first.rows[1]);
    expect(second.rows[1].verdict).toBe('warn');
  });

  it('answers the same rows, the same array, when nothing changed', () => {
    const first = fleetRows(clusters, () => undefined, t);

    expect(fleetRows(clusters, () => undefined, t, first)).toBe(first);
  });

  it('makes a row again when its cluster is another object (the list was read again)', () => {
    const first = fleetRows(clusters, () => undefined, t);
    const again = [clusters[0], cluster('b', { kubernetesVersion: 'v1.34.1+rke2r1' }), clusters[2]];
    const second = fleetRows(again, () => undefined, t, first);

    expect(second.rows[0]).toBe(first.rows[0]);
    expect(second.rows[1].kubernetesVersion).toBe('v1.34.1+rke2r1');
  });

  it('follows a cluster gone from the list', () => {
    const first = fleetRows(clusters, () => undefined, t);

    expect(fleetRows(clusters.slice(1), () => undefined, t, first).rows.map((row) => row.name)).toEqual(['b', 'c']);
  });

  it('the cache remembers the last rows for the page', () => {
    const cache = fleetRowCache();
    const rows = cache.rows(clusters, () => undefined, t);

    expect(cache.rows(clusters, () => undefined, t)).toBe(rows);
  });

  it('in another language, every row is made again', () => {
    const cache = fleetRowCache();
    const rows = cache.rows(clusters, () => undefined, t, 'en-us');

    expect(cache.rows(clusters, () => undefined, t, 'en-us')).toBe(rows);
    const other = cache.rows(clusters, () => undefined, (key) => `zh ${ key }`, 'zh-hans');

    expect(other[0]).not.toBe(rows[0]);
    expect(other[0].provider).toBe('zh awsCloudProvider.fleet.provider.outOfTree');
  });
});

describe('fleetHeaders and reportOf', () => {
  it('sorts the verdict column worst first and the time newest first; neither the time nor the actions are searched', () => {
    const headers = fleetHeaders(t);

    expect(headers.map((h) => h.name)).toEqual(['name', 'version', 'provider', 'credential', 'verdict', 'verified', 'actions']);
    expect(headers.find((h) => h.name === 'verdict')).toMatchObject({ value: 'verdictLabel', sort: ['verdictRank', 'name'] });
    expect(headers.find((h) => h.name === 'verified')).toMatchObject({ sort: ['verifiedAt:desc', 'name'], search: false });
    expect(headers.find((h) => h.name === 'actions')).not.toHaveProperty('sort');
  });

  it('the full report of this session, else the problems kept (said so when they are not all of it)', () => {
    const c = cluster('a');
    const live = result(c, { verdict: 'unknown', findings: [unknownFinding] });
    const kept = {
      ...live, findings: undefined, problems: [unknownFinding], complete: false
    } as unknown as StoredResult;

    expect(reportOf(c, live, kept)).toMatchObject({
      findings: [unknownFinding], stored: false, clusterId: 'c-m-1'
    });
    expect(reportOf(c, undefined, kept)).toMatchObject({ findings: [unknownFinding], stored: true });
    expect(reportOf(c, undefined, { ...kept, complete: true })?.stored).toBe(false);
    expect(reportOf(c, undefined, undefined)).toBeUndefined();
    expect(reportOf(undefined, live, kept)).toBeUndefined();
  });
});
