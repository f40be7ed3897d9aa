import { CheckId, CheckStatus, Finding } from '../checks';
import { buildReport, mergeFindings, rememberingTranslate, resourceTypeOf } from '../report';

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

  it('takes arguments alike whatever their order, and a text without arguments as one with none', () => {
    const a = { ...finding('tag.value', 'sg-1', 'warn'), message: { key: 'k', args: { key: 'x', value: 'y' } } };
    const b = { ...finding('tag.value', 'sg-1', 'warn'), message: { key: 'k', args: { value: 'y', key: 'x' } } };
    const c = {
      ...finding('tag.value', 'sg-1', 'warn'),
      message: {
        key:  'k',
        args: {
          value: 'y', key: 'x', more: 1
        }
      }
    };
    const bare = { ...finding('tag.value', 'sg-2', 'warn'), message: { key: 'k' } };
    const empty = { ...finding('tag.value', 'sg-2', 'warn'), message: { key: 'k', args: {} } };

    expect(mergeFindings([[a, b, c], [bare, empty]]).map((f) => `${ f.resource } ${ JSON.stringify(f.message.args || null) }`)).toEqual([
      'sg-1 {"key":"x","value":"y"}', 'sg-1 {"value":"y","key":"x","more":1}', 'sg-2 null'
    ]);
  });

  it('gives every finding the same properties in the same order, whatever built it', () => {
    const bare: Finding = {
      status: 'pass', rule: { key: 'rule.x' }, id: 'cluster-id', message: { key: 'm' }, resource: 'c1'
    };
    const withFix = {
      ...finding('tag.value', 'sg-1', 'warn'), fix: { text: { key: 'f' } }, details: ['d']
    };
    const [first, second] = mergeFindings([[bare, withFix]]);

    expect(Object.keys(first)).toEqual(['id', 'status', 'resource', 'message', 'rule', 'fix', 'details']);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    expect(second).toEqual(withFix);
  });
});

describe('rememberingTranslate', () => {
  it('says each text once per key and arguments, and the same as the translator it wraps', () => {
    const asked: string[] = [];
    const t = rememberingTranslate((key, args) => {
      asked.push(key);

      return `${ key }(${ JSON.stringify(args || {}) })`;
    });
    const said = [t('a', { n: 1 }), t('a', { n: 1 }), t('a', { n: 2 }), t('a'), t('a'), t('b', { n: 1 }), t('a', { m: 1 })];

    expect(said).toEqual(['a({"n":1})', 'a({"n":1})', 'a({"n":2})', 'a({})', 'a({})', 'b({"n":1})', 'a({"m":1})']);
    expect(asked).toEqual(['a', 'a', 'a', 'b', 'a']);
  });

  it('tells a number from its string, and says a text with any other argument afresh', () => {
    let asked = 0;
    const t = rememberingTranslate((key, args) => {
      asked++;

      return `${ key } ${ typeof args?.n } ${ JSON.stringify(args?.n) }`;
    });

    expect([t('a', { n: 1 }), t('a', { n: '1' }), t('a', { n: 1 }), t('a', { n: '1' })]).toEqual(['a number 1', 'a string "1"', 'a number 1', 'a string "1"']);
    expect(asked).toBe(2);
    expect([t('a', { n: [1] }), t('a', { n: [2] })]).toEqual(['a object [1]', 'a object [2]']);
    expect(asked).toBe(4);
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
