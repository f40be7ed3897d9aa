import { CheckId, CheckStatus, Finding } from '../checks';
import { buildReport, mergeFindings, resourceTypeOf } from '../report';

const finding = (id: CheckId, resource: string, status: CheckStatus, key = `check.${ id }.${ status }`): Finding => ({
  id, resource, status, message: { key }, rule: { key: 'rule.x' }
});

describe('buildReport', () => {
  it('puts problem checks first, worst first, and keeps all-pass checks apart in reading order', () => {
    const report = buildReport([
      finding('instance.cluster-tag', 'i-1', 'pass'),
      finding('instance-profile.exists', 'p', 'pass'),
      finding('subnet.cluster-tag', 'subnet-1', 'warn'),
      finding('instance.cluster-tag', 'i-2', 'fail'),
      finding('instance-profile.permissions', 'r', 'unknown'),
      finding('cluster-id', 'c', 'pass'),
    ]);

    expect(report.problems.map((g) => [g.id, g.status])).toEqual([['instance.cluster-tag', 'fail'], ['instance-profile.permissions', 'unknown'], ['subnet.cluster-tag', 'warn']]);
    expect(report.passed.map((g) => g.id)).toEqual(['cluster-id', 'instance-profile.exists']);
    expect(report.counts).toEqual({
      fail: 1, unknown: 1, warn: 1, pass: 3
    });
    expect(report.problems[0].counts).toEqual({
      fail: 1, unknown: 0, warn: 0, pass: 1
    });
    expect(report.problems[0].passes.map((f) => f.resource)).toEqual(['i-1']);
  });

  it('sorts a check\'s problems worst first', () => {
    const [group] = buildReport([finding('tag.value', 'a', 'warn'), finding('tag.value', 'b', 'fail'), finding('tag.value', 'c', 'unknown')]).problems;

    expect(group.problems.map((f) => f.status)).toEqual(['fail', 'unknown', 'warn']);
  });

  it('stays linear for 5,000 nodes: 20,000 findings grouped in well under a second', () => {
    const many: Finding[] = [];

    for (let i = 0; i < 5000; i++) {
      for (const id of ['instance.cluster-tag', 'instance.cluster-id', 'instance.instance-profile', 'instance.security-groups'] as CheckId[]) {
        many.push(finding(id, `i-${ i }`, i === 4999 && id === 'instance.cluster-tag' ? 'fail' : 'pass'));
      }
    }
    const report = buildReport(many);

    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].counts).toEqual({
      fail: 1, unknown: 0, warn: 0, pass: 4999
    });
    expect(report.passed.map((g) => g.counts.pass)).toEqual([5000, 5000, 5000]);
  });
});

describe('mergeFindings', () => {
  it('keeps one copy of what several pools report the same, and every pool-specific verdict', () => {
    const cp = [finding('subnet.cluster-tag', 'subnet-1', 'fail'), finding('instance-profile.permissions', 'role', 'fail', 'lacks-cp')];
    const workers = [finding('subnet.cluster-tag', 'subnet-1', 'fail'), finding('instance-profile.permissions', 'role', 'pass', 'ok-worker')];

    expect(mergeFindings([cp, workers]).map((f) => `${ f.id } ${ f.status }`)).toEqual([
      'subnet.cluster-tag fail', 'instance-profile.permissions fail', 'instance-profile.permissions pass'
    ]);
  });

  it('keeps findings whose arguments differ', () => {
    const a = { ...finding('tag.value', 'sg-1', 'warn'), message: { key: 'k', args: { value: 'x' } } };
    const b = { ...finding('tag.value', 'sg-1', 'warn'), message: { key: 'k', args: { value: 'y' } } };

    expect(mergeFindings([[a], [b, a]])).toEqual([a, b]);
  });
});

describe('resourceTypeOf', () => {
  it.each([
    ['instance.cluster-tag', 'i-0abc', 'instance'],
    ['subnet.cluster-tag', 'subnet-1', 'subnet'],
    ['tag.value', 'sg-1', 'securityGroup'],
    ['subnets.load-balancer', 'vpc-1', 'vpc'],
    ['instance-profile.exists', 'rancher-nodes', 'instanceProfile'],
    ['instance-profile.permissions', 'rancher-nodes-role', 'role'],
    ['node.instance', 'ip-10-0-0-1.ec2.internal', 'node'],
    ['security-groups', 'rancher-nodes', 'securityGroup'],
    ['cluster-id', 'c-m-abc', 'clusterId'],
  ] as [CheckId, string, string][])('%s on %s is a(n) %s', (id, resource, type) => {
    expect(resourceTypeOf({ id, resource })).toBe(type);
  });
});
