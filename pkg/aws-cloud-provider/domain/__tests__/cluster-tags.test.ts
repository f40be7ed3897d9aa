import {
  clusterIdFromInstanceTags, hasClusterTag, hasNoClusterPrefixTag, parseMachineConfigTags, singleClusterIdCandidate, unusualClusterTagValue, validateClusterId
} from '../cluster-tags';

const KEY = 'kubernetes.io/cluster/c-m-1';

describe('cluster tag rules', () => {
  it('belongs by our key with any value, or by the legacy tag with the ID as value', () => {
    expect(hasClusterTag([{ Key: KEY, Value: '' }], 'c-m-1')).toBe(true);
    expect(hasClusterTag([{ Key: 'KubernetesCluster', Value: 'c-m-1' }], 'c-m-1')).toBe(true);
    expect(hasClusterTag([{ Key: 'KubernetesCluster', Value: 'other' }], 'c-m-1')).toBe(false);
    expect(hasClusterTag([{ Key: 'kubernetes.io/cluster/C-M-1', Value: 'owned' }], 'c-m-1')).toBe(false);
  });

  it('reads the instance cluster ID or the start-up error the provider would hit', () => {
    expect(clusterIdFromInstanceTags([{ Key: KEY, Value: 'owned' }])).toEqual({ ok: true, clusterId: 'c-m-1' });
    expect(clusterIdFromInstanceTags([{ Key: 'KubernetesCluster', Value: 'legacy' }])).toEqual({ ok: true, clusterId: 'legacy' });
    expect(clusterIdFromInstanceTags([])).toEqual({ ok: false, problem: 'missing' });
    expect(clusterIdFromInstanceTags([{ Key: KEY, Value: 'owned' }, { Key: 'kubernetes.io/cluster/x', Value: 'owned' }])).toMatchObject({ ok: false, problem: 'multipleClusterTags' });
    expect(clusterIdFromInstanceTags([{ Key: 'KubernetesCluster', Value: 'a' }, { Key: 'KubernetesCluster', Value: 'b' }])).toMatchObject({ ok: false, problem: 'multipleLegacyTags' });
    expect(clusterIdFromInstanceTags([{ Key: 'KubernetesCluster', Value: 'a' }, { Key: KEY, Value: 'owned' }])).toEqual({
      ok: false, problem: 'legacyMismatch', legacy: 'a', current: 'c-m-1'
    });
    expect(clusterIdFromInstanceTags([{ Key: 'KubernetesCluster', Value: 'c-m-1' }, { Key: KEY, Value: 'owned' }])).toEqual({ ok: true, clusterId: 'c-m-1' });
  });

  it('checks the ID is usable in a tag key', () => {
    expect(validateClusterId('c-m-abc')).toEqual({ valid: true });
    expect(validateClusterId('')).toMatchObject({ valid: false, problem: 'empty' });
    expect(validateClusterId('a b,c')).toMatchObject({
      valid: false, problem: 'invalidCharacters', args: { characters: '␠ ,' }
    });
    expect(validateClusterId('x'.repeat(107))).toMatchObject({
      valid: false, problem: 'tooLong', args: { length: 129, max: 128 }
    });
    expect(validateClusterId('x'.repeat(106)).valid).toBe(true);
  });

  it('flags unusual values and subnets without any cluster key', () => {
    expect(unusualClusterTagValue([{ Key: KEY, Value: 'banana' }], 'c-m-1')).toBe('banana');
    expect(unusualClusterTagValue([{ Key: KEY, Value: 'shared' }], 'c-m-1')).toBeUndefined();
    expect(hasNoClusterPrefixTag([{ Key: 'KubernetesCluster', Value: 'x' }])).toBe(true);
    expect(hasNoClusterPrefixTag([{ Key: 'kubernetes.io/cluster/x', Value: 'owned' }])).toBe(false);
  });

  it('offers a cluster ID only when the resources agree on one', () => {
    expect(singleClusterIdCandidate([{ Tags: [{ Key: KEY, Value: 'owned' }] }, { Tags: [{ Key: 'KubernetesCluster', Value: 'c-m-1' }] }])).toBe('c-m-1');
    expect(singleClusterIdCandidate([{ Tags: [{ Key: KEY, Value: 'owned' }] }, { Tags: [{ Key: 'kubernetes.io/cluster/x', Value: 'owned' }] }])).toBeUndefined();
  });

  it('parses the machine config tag string', () => {
    expect(parseMachineConfigTags('a,1,b,2')).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    expect(parseMachineConfigTags('')).toEqual([]);
  });
});
