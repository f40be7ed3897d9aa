/**
 * Cluster tags, decided as the AWS cloud provider's tagging code decides them:
 * `kubernetes.io/cluster/<ClusterID>` (any value) or the legacy `KubernetesCluster=<ClusterID>`.
 * Keys and IDs are compared exactly, case included.
 */

export interface Tag { Key?: string, Value?: string }

export const CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';
export const LEGACY_CLUSTER_TAG = 'KubernetesCluster';
export const TAG_KEY_MAX_LENGTH = 128;
export const CLUSTER_ID_MAX_LENGTH = TAG_KEY_MAX_LENGTH - CLUSTER_TAG_PREFIX.length;
export const RECOMMENDED_TAG_VALUES: readonly string[] = ['owned', 'shared'];

export function clusterTagKey(clusterId: string): string {
  return `${ CLUSTER_TAG_PREFIX }${ clusterId }`;
}

export type ClusterIdProblem = 'empty' | 'invalidCharacters' | 'tooLong';

// EC2 tag keys allow letters, digits and _ . : / = + - @ (spaces too, but Rancher's
// comma-separated tag field and every copy-paste trims them, so we refuse them).
const TAG_KEY_CHARACTER = /[\p{L}\p{N}_.:/=+\-@]/u;

/** Whether `clusterId` can be the suffix of a cluster tag key. */
export function validateClusterId(clusterId: string): { valid: boolean, problem?: ClusterIdProblem, args?: Record<string, string | number> } {
  if (!clusterId) {
    return { valid: false, problem: 'empty' };
  }

  const invalid = [...new Set([...clusterId].filter((ch) => !TAG_KEY_CHARACTER.test(ch)))];

  if (invalid.length) {
    return {
      valid: false, problem: 'invalidCharacters', args: { characters: invalid.map((ch) => (ch === ' ' ? '␠' : ch)).join(' ') }
    };
  }
  if (clusterTagKey(clusterId).length > TAG_KEY_MAX_LENGTH) {
    return {
      valid: false, problem: 'tooLong', args: { length: clusterTagKey(clusterId).length, max: TAG_KEY_MAX_LENGTH }
    };
  }

  return { valid: true };
}

/**
 * True when a resource belongs to the cluster: our `kubernetes.io/cluster/<id>` key with any
 * value, or a legacy `KubernetesCluster` tag whose value is the ID.
 */
export function hasClusterTag(tags: readonly Tag[] | undefined, clusterId: string): boolean {
  const key = clusterTagKey(clusterId);

  return (tags || []).some((tag) => tag.Key === key || (tag.Key === LEGACY_CLUSTER_TAG && tag.Value === clusterId));
}

/** True when no tag key starts with `kubernetes.io/cluster/` (the subnet rule ignores the legacy tag). */
export function hasNoClusterPrefixTag(tags: readonly Tag[] | undefined): boolean {
  return !(tags || []).some((tag) => (tag.Key || '').startsWith(CLUSTER_TAG_PREFIX));
}

/** The cluster IDs a resource is tagged for, from both tag forms. */
export function clusterIdsOf(tags: readonly Tag[] | undefined): string[] {
  const ids = new Set<string>();

  for (const tag of tags || []) {
    if ((tag.Key || '').startsWith(CLUSTER_TAG_PREFIX)) {
      ids.add((tag.Key as string).slice(CLUSTER_TAG_PREFIX.length));
    } else if (tag.Key === LEGACY_CLUSTER_TAG && tag.Value) {
      ids.add(tag.Value);
    }
  }

  return [...ids];
}

export type ClusterIdFromTags =
  | { ok: true, clusterId: string }
  | { ok: false, problem: 'missing' }
  | { ok: false, problem: 'multipleClusterTags', keys: string[] }
  | { ok: false, problem: 'multipleLegacyTags', values: string[] }
  | { ok: false, problem: 'legacyMismatch', legacy: string, current: string };

/**
 * The cluster ID the provider reads from the tags of the instance it runs on, or the error
 * that stops it from starting.
 */
export function clusterIdFromInstanceTags(tags: readonly Tag[] | undefined): ClusterIdFromTags {
  const prefixed = (tags || []).filter((tag) => (tag.Key || '').startsWith(CLUSTER_TAG_PREFIX));
  const legacy = (tags || []).filter((tag) => tag.Key === LEGACY_CLUSTER_TAG);

  if (legacy.length > 1) {
    return {
      ok: false, problem: 'multipleLegacyTags', values: legacy.map((tag) => tag.Value || '')
    };
  }
  if (prefixed.length > 1) {
    return {
      ok: false, problem: 'multipleClusterTags', keys: prefixed.map((tag) => tag.Key as string)
    };
  }

  const current = prefixed.length ? (prefixed[0].Key as string).slice(CLUSTER_TAG_PREFIX.length) : '';
  const legacyId = legacy.length ? legacy[0].Value || '' : '';

  if (legacyId && current && legacyId !== current) {
    return {
      ok: false, problem: 'legacyMismatch', legacy: legacyId, current
    };
  }
  if (!current && !legacyId) {
    return { ok: false, problem: 'missing' };
  }

  return { ok: true, clusterId: current || legacyId };
}

/** Our cluster tag's value when it is neither `owned` nor `shared`, else undefined. */
export function unusualClusterTagValue(tags: readonly Tag[] | undefined, clusterId: string): string | undefined {
  const tag = (tags || []).find((t) => t.Key === clusterTagKey(clusterId));

  return tag && !RECOMMENDED_TAG_VALUES.includes(tag.Value || '') ? (tag.Value ?? '') : undefined;
}

/** Parses the EC2 machine config's `tags` field: a comma string `k1,v1,k2,v2`. */
export function parseMachineConfigTags(text: string | undefined | null): Tag[] {
  const parts = (text || '').split(',');
  const tags: Tag[] = [];

  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i].trim()) {
      tags.push({ Key: parts[i].trim(), Value: parts[i + 1].trim() });
    }
  }

  return tags;
}

/** The EC2 machine config's `tags` field from tags: `k1,v1,k2,v2`. */
export function formatMachineConfigTags(tags: readonly Tag[]): string {
  return tags.map((tag) => `${ tag.Key },${ tag.Value }`).join(',');
}

/**
 * The machine config's tags with `kubernetes.io/cluster/<clusterId>=owned` as the only cluster
 * key: Rancher then tags the instances with that ID instead of its own (mirrors Rancher's
 * amazonec2 driver tagging, which adds its ID only when no such key is set).
 */
export function withClusterTag(text: string | undefined | null, clusterId: string): string {
  const others = parseMachineConfigTags(text).filter((tag) => !tag.Key?.startsWith(CLUSTER_TAG_PREFIX));

  return formatMachineConfigTags([...others, { Key: clusterTagKey(clusterId), Value: 'owned' }]);
}

/** The cluster IDs the given resources are tagged for, when they all agree on exactly one. */
export function singleClusterIdCandidate(resources: readonly { Tags?: Tag[] }[]): string | undefined {
  const ids = new Set(resources.flatMap((resource) => clusterIdsOf(resource.Tags)));

  return ids.size === 1 ? [...ids][0] : undefined;
}

/** With instance tags in its metadata, EC2 refuses tag keys containing `/` on that instance. */
export function exposesTagsInMetadata(resource: { MetadataOptions?: { InstanceMetadataTags?: string } } | undefined): boolean {
  return resource?.MetadataOptions?.InstanceMetadataTags === 'enabled';
}

/**
 * The cluster tag to write on a resource: `kubernetes.io/cluster/<ID>=owned`, or, on an instance
 * whose metadata exposes its tags, the legacy `KubernetesCluster=<ID>` that the provider reads too
 * (mirrors findClusterIDs, tags.go).
 */
export function clusterTagToWrite(clusterId: string, resource?: { MetadataOptions?: { InstanceMetadataTags?: string } }): { key: string, value: string, legacy: boolean } {
  return exposesTagsInMetadata(resource) ? {
    key: LEGACY_CLUSTER_TAG, value: clusterId, legacy: true
  } : {
    key: clusterTagKey(clusterId), value: 'owned', legacy: false
  };
}
