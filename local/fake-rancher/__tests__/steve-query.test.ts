/** steveListQuery: filter, sort and pages as Rancher's SQL cache answers the dashboard's list requests. */
import { steveObject, TypeSpec } from '../steve';
import { fieldPath, steveListQuery } from '../steve-query';

const CLUSTER: TypeSpec = {
  id: 'management.cattle.io.cluster', group: 'management.cattle.io', version: 'v3', kind: 'Cluster', namespaced: false
};
const cluster = (name: string, provider: string | undefined, internal: boolean, labels: Record<string, string> = {}) => steveObject(CLUSTER, name, undefined, {
  labels, spec: { displayName: name, internal }, status: provider ? { provider } : {}
});
const CLUSTERS = [
  cluster('local', 'k3s', true),
  cluster('ec2-demo', 'rke2', false),
  cluster('harv', 'harvester', false, { 'provider.cattle.io': 'harvester' }),
  cluster('imported', undefined, false),
];
const names = (query: string) => steveListQuery(CLUSTERS, new URLSearchParams(query)).data.map((c) => c.metadata.name);

describe('steveListQuery', () => {
  it('reads bracketed keys of paths', () => {
    expect(fieldPath('metadata.labels[provider.cattle.io]')).toEqual(['metadata', 'labels', 'provider.cattle.io']);
    expect(fieldPath('metadata.fields[2]')).toEqual(['metadata', 'fields', '2']);
  });

  it.each([
    ['no query: everything, in order', '', ['local', 'ec2-demo', 'harv', 'imported']],
    ['= and !=, a missing field is not equal', 'filter=status.provider!=harvester&filter=metadata.labels[provider.cattle.io]!=harvester', ['local', 'ec2-demo', 'imported']],
    ['commas OR the terms of one filter', 'filter=metadata.name=local,metadata.name=harv', ['local', 'harv']],
    ['~ contains, ignoring case', 'filter=spec.displayName~DEMO', ['ec2-demo']],
    ['IN and NOTIN', 'filter=status.provider IN (k3s,rke2)&filter=metadata.name NOTIN (local)', ['ec2-demo']],
    ['a bare field exists, !field does not', 'filter=!status.provider', ['imported']],
    ['quoted values', 'filter=spec.displayName="ec2-demo"', ['ec2-demo']],
    ['sort: - descending, then the next field', 'sort=-spec.internal,spec.displayName', ['local', 'ec2-demo', 'harv', 'imported']],
    ['a page of a sorted list', 'sort=spec.displayName&page=2&pagesize=2', ['imported', 'local']],
  ])('%s', (_, query, expected) => {
    expect(names(query)).toEqual(expected);
  });

  it('counts every match and the pages when it pages', () => {
    expect(steveListQuery(CLUSTERS, new URLSearchParams('page=1&pagesize=3'))).toMatchObject({ count: 4, pages: 2 });
    expect(steveListQuery(CLUSTERS, new URLSearchParams('filter=status.provider=rke2'))).toMatchObject({ count: 1 });
  });
});
