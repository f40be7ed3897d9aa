import { chooseSecurityGroup } from '../security-groups';

const ours = [{ Key: 'kubernetes.io/cluster/c1', Value: 'owned' }];
const theirs = [{ Key: 'kubernetes.io/cluster/c2', Value: 'owned' }];

describe('the per-instance security group rule', () => {
  it.each([
    ['one tagged among untagged', [{ GroupId: 'sg-a', Tags: ours }, { GroupId: 'sg-b' }], 'tagged'],
    ['two tagged', [{ GroupId: 'sg-a', Tags: ours }, { GroupId: 'sg-b', Tags: ours }], 'multipleTagged'],
    ['one untagged', [{ GroupId: 'sg-a' }], 'untaggedFallback'],
    ['two untagged', [{ GroupId: 'sg-a' }, { GroupId: 'sg-b' }], 'multipleUntagged'],
    ['tagged only for another cluster counts as untagged', [{ GroupId: 'sg-a', Tags: theirs }, { GroupId: 'sg-b' }], 'multipleUntagged'],
    ['none', [], 'none'],
  ])('%s', (_name, groups, outcome) => {
    expect(chooseSecurityGroup(groups, 'c1').outcome).toBe(outcome);
  });
});
