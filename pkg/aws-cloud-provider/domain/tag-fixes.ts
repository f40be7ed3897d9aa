/**
 * Turns findings into the tags "Tag it" would write, keeping the provider's rule: a node must
 * never end up with two cluster-tagged security groups.
 */

import { Finding } from './findings';
import { ClusterFacts } from './facts';
import { CLUSTER_TAG_PREFIX, clusterTagToWrite, exposesTagsInMetadata } from './cluster-tags';

export interface PlannedTag { resourceId: string, key: string, value: string }

export interface SkippedTag { resourceId: string, reason: 'secondTaggedGroup', instanceId: string }

export interface TagPlan { tags: PlannedTag[], skipped: SkippedTag[] }

export function planTagFixes(findings: readonly Finding[], facts: ClusterFacts): TagPlan {
  const tags: PlannedTag[] = [];
  const skipped: SkippedTag[] = [];
  // Planned resource+key pairs, looked up in constant time: 10,000 untagged nodes are 10,000 tags.
  const planned = new Set<string>();
  const instances = facts.instances.ok ? facts.instances.value : [];
  const taggedGroupIds = new Set(facts.clusterTaggedGroups.ok ? facts.clusterTaggedGroups.value.map((g) => g.GroupId) : []);
  // Groups already tagged or planned, per instance: at most one each.
  const taggedGroupOf = new Map<string, string>();
  // EC2 refuses keys with "/" on instances whose metadata exposes their tags: clusterTagToWrite picks the legacy key there.
  const metadataTagged = new Map(instances.filter(exposesTagsInMetadata).map((i) => [i.InstanceId, i]));

  for (const instance of instances) {
    const tagged = (instance.SecurityGroups || []).find((g) => taggedGroupIds.has(g.GroupId));

    if (tagged?.GroupId && instance.InstanceId) {
      taggedGroupOf.set(instance.InstanceId, tagged.GroupId);
    }
  }

  for (const finding of findings) {
    const fix = finding.fix?.tag;

    if (!fix) {
      continue;
    }
    for (const resourceId of fix.resourceIds) {
      if (planned.has(`${ resourceId }\0${ fix.key }`)) {
        continue;
      }
      if (resourceId.startsWith('sg-')) {
        const clash = instances.find((i) => i.InstanceId && (i.SecurityGroups || []).some((g) => g.GroupId === resourceId) && taggedGroupOf.has(i.InstanceId) && taggedGroupOf.get(i.InstanceId) !== resourceId);

        if (clash) {
          skipped.push({
            resourceId, reason: 'secondTaggedGroup', instanceId: clash.InstanceId as string
          });
          continue;
        }
        for (const instance of instances) {
          if (instance.InstanceId && (instance.SecurityGroups || []).some((g) => g.GroupId === resourceId)) {
            taggedGroupOf.set(instance.InstanceId, resourceId);
          }
        }
      }
      planned.add(`${ resourceId }\0${ fix.key }`);
      if (metadataTagged.has(resourceId) && fix.key.startsWith(CLUSTER_TAG_PREFIX)) {
        const { key, value } = clusterTagToWrite(fix.key.slice(CLUSTER_TAG_PREFIX.length), metadataTagged.get(resourceId));

        tags.push({
          resourceId, key, value
        });
      } else {
        tags.push({
          resourceId, key: fix.key, value: fix.value
        });
      }
    }
  }

  return { tags, skipped };
}
