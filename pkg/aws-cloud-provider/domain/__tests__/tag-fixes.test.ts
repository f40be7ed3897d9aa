import { planTagFixes } from '../tag-fixes';
import { Finding } from '../findings';
import { ClusterFacts, ok } from '../facts';

const KEY = 'kubernetes.io/cluster/c1';
const fix = (ids: string[]): Finding => ({
  id:       'instance.security-groups',
  status:   'warn',
  resource: ids[0],
  message:  { key: 'x' },
  rule:     { key: 'y' },
  fix:      {
    text: { key: 'z' },
    tag:  {
      resourceIds: ids, key: KEY, value: 'owned'
    }
  }
});

function facts(instances: ClusterFacts['instances'], tagged: string[]): ClusterFacts {
  return {
    instances, subnets: ok([]), poolGroups: ok([]), clusterTaggedGroups: ok(tagged.map((GroupId) => ({ GroupId, Tags: [{ Key: KEY, Value: 'owned' }] }))), profiles: []
  };
}

describe('tag-fix plan', () => {
  it('collects each resource once', () => {
    const plan = planTagFixes([fix(['subnet-1']), fix(['subnet-1', 'i-1'])], facts(ok([]), []));

    expect(plan.tags).toEqual([{
      resourceId: 'subnet-1', key: KEY, value: 'owned'
    }, {
      resourceId: 'i-1', key: KEY, value: 'owned'
    }]);
  });

  it('never tags a second group of a node that already has a tagged one', () => {
    const instances = ok([{ InstanceId: 'i-1', SecurityGroups: [{ GroupId: 'sg-tagged' }, { GroupId: 'sg-new' }] }]);
    const plan = planTagFixes([fix(['sg-new'])], facts(instances, ['sg-tagged']));

    expect(plan.tags).toEqual([]);
    expect(plan.skipped).toEqual([{
      resourceId: 'sg-new', reason: 'secondTaggedGroup', instanceId: 'i-1'
    }]);
  });

  it('never plans two groups of one node', () => {
    const instances = ok([{ InstanceId: 'i-1', SecurityGroups: [{ GroupId: 'sg-a' }, { GroupId: 'sg-b' }] }]);
    const plan = planTagFixes([fix(['sg-a']), fix(['sg-b'])], facts(instances, []));

    expect(plan.tags.map((t) => t.resourceId)).toEqual(['sg-a']);
    expect(plan.skipped.map((s) => s.resourceId)).toEqual(['sg-b']);
  });

  it('never proposes a key with "/" for an instance whose metadata exposes its tags (EC2 refuses it): the legacy key instead', () => {
    const instances = ok([
      { InstanceId: 'i-meta', MetadataOptions: { InstanceMetadataTags: 'enabled' } },
      { InstanceId: 'i-plain', MetadataOptions: { InstanceMetadataTags: 'disabled' } },
    ]);
    const plan = planTagFixes([fix(['i-meta', 'i-plain'])], facts(instances, []));

    expect(plan.tags).toEqual([{
      resourceId: 'i-meta', key: 'KubernetesCluster', value: 'c1'
    }, {
      resourceId: 'i-plain', key: KEY, value: 'owned'
    }]);
  });
});
