/**
 * The instance chain, per instance: the cluster tag, one cluster ID where the provider reads it,
 * an instance profile, the security-group rule, the metadata service, and the VPC. Whether a
 * problem is fatal depends on whether the provider reads that instance (ProviderContext).
 */
import { clusterIdFromInstanceTags, clusterTagKey, exposesTagsInMetadata, hasClusterTag } from '../cluster-tags';
import { SecurityGroupRef } from '../security-groups';
import { CheckInputs, Ec2Instance, Fact } from '../facts';
import {
  CheckId, Finding, finding, findingOf, rule, text, unknownBecause, unknownFrom
} from '../findings';
import { ControlPlaneMembership, ProviderContext, onReadingInstance, profileNameOfArn } from '../provider';
import { tagFix } from './tag-fix';
import { ControllerPlacement, securityGroupFinding, tagValueFindings } from './network';

/** Nodes must carry the cluster tag, any value (mirrors hasClusterTag, tags.go; untagged instances are dropped from load balancers). */
export function checkInstanceClusterTag(instance: Ec2Instance, inputs: Pick<CheckInputs, 'clusterId' | 'region'>): Finding {
  const id = instance.InstanceId || '?';
  const key = clusterTagKey(inputs.clusterId);
  const tagged = hasClusterTag(instance.Tags, inputs.clusterId);
  const message = text(tagged ? 'check.instanceClusterTag.present' : 'check.instanceClusterTag.missing', { key });

  return findingOf('instance.cluster-tag', tagged ? 'pass' : 'fail', id, message, rule('instanceClusterTag'), tagged ? undefined : tagFix('fix.tagInstance', [id], inputs, instance));
}

/**
 * The cluster ID the provider reads from the tags of its own instance (mirrors findClusterIDs
 * and initFromTags, tags.go): two `kubernetes.io/cluster/` keys, or a legacy tag that disagrees,
 * stop it where it reads them — every node in-tree, control-plane nodes out-of-tree.
 */
export function checkInstanceClusterId(instance: Ec2Instance, inputs: Pick<CheckInputs, 'clusterId'>, reads: ControlPlaneMembership): Finding {
  const id = instance.InstanceId || '?';
  const { clusterId } = inputs;
  const fromTags = clusterIdFromInstanceTags(instance.Tags);
  const base = {
    id: 'instance.cluster-id' as const, resource: id, rule: rule('instanceClusterId')
  };

  if (fromTags.ok) {
    const same = fromTags.clusterId === clusterId;
    const message = same ? text('check.instanceClusterId.ok', { clusterId }) : text('check.instanceClusterId.other', { found: fromTags.clusterId, clusterId });

    return findingOf(base.id, same ? 'pass' : 'fail', id, message, base.rule);
  }
  if (fromTags.problem === 'missing') {
    // Reported by instance.cluster-tag; here only whether the provider would start.
    return finding({
      ...base, status: onReadingInstance(reads, 'warn'), message: text('check.instanceClusterId.missing', { where: reads })
    });
  }

  const args: Record<string, string> = fromTags.problem === 'multipleClusterTags' ? { keys: fromTags.keys.join(', ') } : fromTags.problem === 'multipleLegacyTags' ? { values: fromTags.values.join(', ') } : { legacy: fromTags.legacy, current: fromTags.current };
  const status = onReadingInstance(reads, 'warn');

  return finding({
    ...base,
    status,
    message: text(`check.instanceClusterId.${ fromTags.problem }`, { ...args, where: reads }),
    fix:     { text: text(status === 'warn' ? 'fix.singleClusterTagOutOfTree' : 'fix.singleClusterTag', { key: clusterTagKey(clusterId) }) },
  });
}

/** Each node needs an instance profile; the profile itself is verified once, in the IAM chain (checkProfile). */
export function checkAttachedProfile(instance: Ec2Instance, inputs: Pick<CheckInputs, 'instanceProfileName'>): Finding {
  const id = instance.InstanceId || '?';
  const attached = profileNameOfArn(instance.IamInstanceProfile?.Arn);
  const expected = inputs.instanceProfileName;
  const base = {
    id: 'instance.instance-profile' as const, resource: id, rule: rule('instanceProfileAttached')
  };

  if (!attached) {
    return finding({
      ...base,
      status:  'fail',
      message: text('check.instanceProfile.none'),
      fix:     expected ? { text: text('fix.attachProfile'), command: `aws ec2 associate-iam-instance-profile --instance-id ${ id } --iam-instance-profile Name=${ expected }` } : { text: text('fix.attachProfile') },
    });
  }

  // One message whichever pool's run reports it, so the runs of several pools merge into one finding.
  return findingOf(base.id, 'pass', id, text('check.instanceProfile.ok', { attached }), base.rule);
}

/** The security group the provider picks for this instance (mirrors findSecurityGroupForInstance, aws.go). */
export function checkInstanceGroups(instance: Ec2Instance, inputs: Pick<CheckInputs, 'clusterId' | 'region'>, taggedGroupTags: Fact<ReadonlyMap<string | undefined, SecurityGroupRef['Tags']>>): Finding {
  return instanceGroupsChecker(inputs, taggedGroupTags)(instance);
}

/**
 * checkInstanceGroups for the instances of one run, decided once per set of attached groups:
 * 10,000 nodes usually share one or two sets, and the verdict depends on nothing else.
 */
export function instanceGroupsChecker(inputs: Pick<CheckInputs, 'clusterId' | 'region'>, taggedGroupTags: Fact<ReadonlyMap<string | undefined, SecurityGroupRef['Tags']>>): (instance: Ec2Instance) => Finding {
  const verdicts = new Map<string, Finding>();

  return (instance) => {
    const id = instance.InstanceId || '?';

    if (!taggedGroupTags.ok) {
      return unknownFrom('instance.security-groups', id, taggedGroupTags.error, 'securityGroupPerInstance');
    }

    const attached = instance.SecurityGroups || [];
    let set = '';

    for (const group of attached) {
      set += `${ group.GroupId }\u0000${ group.GroupName }\u0001`;
    }

    let verdict = verdicts.get(set);

    if (!verdict) {
      verdict = securityGroupFinding('instance.security-groups', '', attached.map((group) => ({ ...group, Tags: taggedGroupTags.value.get(group.GroupId) || [] })), inputs);
      verdicts.set(set, verdict);
    }

    return findingOf(verdict.id, verdict.status, id, verdict.message, verdict.rule, verdict.fix);
  };
}

/**
 * The metadata service where the provider reads it (mirrors getRegionFromMetadata and
 * buildSelfAWSInstance, aws.go): disabled → the provider cannot start; IMDSv2 with hop limit 1 →
 * the out-of-tree controller's pod, without host networking, cannot reach it (Rancher's manifests
 * use host networking, the upstream chart does not; in-tree the provider runs in host processes);
 * instance tags in metadata → tag keys with `/` are refused.
 */
export function checkInstanceMetadata(instance: Ec2Instance, reads: ControlPlaneMembership, context: Pick<ProviderContext, 'outOfTree'>): Finding | undefined {
  const options = instance.MetadataOptions;

  if (!options) {
    return undefined;
  }

  const base = {
    id: 'instance.metadata' as const, resource: instance.InstanceId || '?', rule: rule('instanceMetadata')
  };

  if (options.HttpEndpoint === 'disabled') {
    return finding({
      ...base, status: onReadingInstance(reads, 'pass'), message: text(reads === 'no' ? 'check.metadata.disabledUnused' : 'check.metadata.disabled'), fix: reads === 'no' ? undefined : { text: text('fix.metadataEndpoint'), command: `aws ec2 modify-instance-metadata-options --instance-id ${ base.resource } --http-endpoint enabled` }
    });
  }
  if (context.outOfTree && options.HttpTokens === 'required' && (options.HttpPutResponseHopLimit ?? 1) < 2 && reads !== 'no') {
    return finding({
      ...base, status: 'warn', message: text('check.metadata.hopLimit', { limit: options.HttpPutResponseHopLimit ?? 1 }), fix: { text: text('fix.metadataHopLimit'), command: `aws ec2 modify-instance-metadata-options --instance-id ${ base.resource } --http-put-response-hop-limit 2` }
    });
  }

  return findingOf(base.id, 'pass', base.resource, text(exposesTagsInMetadata(instance) ? 'check.metadata.tagsInMetadata' : 'check.metadata.ok'), base.rule);
}

/** Load balancers use the controller's VPC only: instances elsewhere cannot be their backends (mirrors findVPCID/findSubnets, aws.go). */
export function checkInstanceVpcs(instances: readonly Ec2Instance[], placement: ControllerPlacement): Finding[] {
  if (!placement.known || !placement.vpcIds.length) {
    return [];
  }

  const base = { id: 'instance.vpc' as const, rule: rule('controllerVpc') };
  const outside = instances.filter((i) => i.VpcId && !placement.vpcIds.includes(i.VpcId));
  const inside = instances.length - outside.length;

  return [
    ...placement.vpcIds.map((vpcId): Finding => (finding({
      ...base, status: 'pass', resource: vpcId, message: text('check.instanceVpc.controller', { count: inside })
    }))),
    ...outside.map((instance): Finding => (finding({
      ...base, status: 'warn', resource: instance.InstanceId || '?', message: text('check.instanceVpc.other', { vpc: instance.VpcId || '?', controller: placement.vpcIds.join(', ') })
    }))),
  ];
}

/** Every per-instance check of one instance; `groupsOf` is instanceGroupsChecker's, shared by the run's instances. */
export function checkInstance(instance: Ec2Instance, inputs: CheckInputs, context: ProviderContext, groupsOf: (instance: Ec2Instance) => Finding): Finding[] {
  const reads = context.readsOwnInstance(instance);
  const metadata = checkInstanceMetadata(instance, reads, context);

  return [
    checkInstanceClusterTag(instance, inputs),
    checkInstanceClusterId(instance, inputs, reads),
    ...tagValueFindings(instance.InstanceId || '?', instance.Tags, inputs.clusterId),
    checkAttachedProfile(instance, inputs),
    groupsOf(instance),
    ...(metadata ? [metadata] : []),
  ];
}

const INSTANCE_CHECKS: [CheckId, string][] = [
  ['instance.cluster-tag', 'instanceClusterTag'], ['instance.cluster-id', 'instanceClusterId'], ['instance.instance-profile', 'instanceProfileAttached'],
  ['instance.security-groups', 'securityGroupPerInstance'], ['instance.metadata', 'instanceMetadata'],
];

/** When the instances could not be read: the first check carries AWS's error, the others say why they could not run. */
export function instancesUnknown(resource: string, instances: Fact<unknown>): Finding[] {
  if (instances.ok) {
    return [];
  }

  return INSTANCE_CHECKS.map(([id, ruleName], index) => (index === 0 ? unknownFrom(id, resource, instances.error, ruleName) : unknownBecause(id, resource, 'instancesUnreadable', ruleName)));
}
