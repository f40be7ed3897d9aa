/**
 * The provider's per-instance security group rule: among the groups attached to one instance,
 * exactly one cluster-tagged group wins; with none tagged, a single untagged group is used for
 * back-compatibility; anything else makes load-balancer ingress fail for that instance.
 * A group tagged for another cluster counts as untagged here.
 */

import { Tag, hasClusterTag } from './cluster-tags';

export interface SecurityGroupRef { GroupId?: string, GroupName?: string, Tags?: Tag[] }

export type SecurityGroupChoice =
  | { outcome: 'tagged', group: SecurityGroupRef }
  | { outcome: 'untaggedFallback', group: SecurityGroupRef }
  | { outcome: 'multipleTagged', groups: SecurityGroupRef[] }
  | { outcome: 'multipleUntagged', groups: SecurityGroupRef[] }
  | { outcome: 'none' };

export function chooseSecurityGroup(groups: readonly SecurityGroupRef[], clusterId: string): SecurityGroupChoice {
  const withId = groups.filter((group) => group.GroupId);
  const tagged = withId.filter((group) => hasClusterTag(group.Tags, clusterId));
  const untagged = withId.filter((group) => !hasClusterTag(group.Tags, clusterId));

  if (tagged.length === 1) {
    return { outcome: 'tagged', group: tagged[0] };
  }
  if (tagged.length > 1) {
    return { outcome: 'multipleTagged', groups: tagged };
  }
  if (untagged.length === 1) {
    return { outcome: 'untaggedFallback', group: untagged[0] };
  }
  if (untagged.length > 1) {
    return { outcome: 'multipleUntagged', groups: untagged };
  }

  return { outcome: 'none' };
}
