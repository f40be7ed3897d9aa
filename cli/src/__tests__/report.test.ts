/**
 * @jest-environment node
 */
import { exitCodeOf, renderTable } from '../report';
import { createTranslate } from '../translate';
import { Finding } from '@pkg/domain/checks';
import { reportMarkdown } from '@pkg/domain/report';

const t = createTranslate();
const inputs = {
  clusterId: 'c-m-1', region: 'eu-west-1', roles: [], subnetIds: [], securityGroupIds: [], instanceIds: []
};
const findings: Finding[] = [
  {
    id: 'cluster-id', status: 'pass', resource: 'c-m-1', message: { key: 'check.clusterId.valid', args: { key: 'kubernetes.io/cluster/c-m-1' } }, rule: { key: 'rule.clusterTagKey' }
  },
  {
    id: 'subnet.cluster-tag', status: 'fail', resource: 'subnet-|1', message: { key: 'check.subnet.otherClusters', args: { clusters: 'x' } }, rule: { key: 'rule.subnetClusterTag' }
  },
];

describe('CLI report', () => {
  it('maps statuses to exit codes', () => {
    expect(exitCodeOf({
      pass: 3, warn: 1, fail: 0, unknown: 0
    })).toBe(0);
    expect(exitCodeOf({
      pass: 3, warn: 0, fail: 0, unknown: 1
    })).toBe(3);
    expect(exitCodeOf({
      pass: 0, warn: 0, fail: 1, unknown: 1
    })).toBe(1);
  });

  it('colours statuses only when asked (on a terminal), worst first', () => {
    const coloured = renderTable(inputs, findings, t, true);
    const plain = renderTable(inputs, findings, t, false);

    expect(coloured).toContain('\x1b[31mFAILED');
    expect(coloured).toContain('\x1b[32mOK');
    expect(plain).not.toContain('\x1b[');
    expect(plain.indexOf('FAILED')).toBeLessThan(plain.indexOf('OK '));
    expect(plain).toContain('1 failed, 0 could not be verified, 0 warnings, 1 OK');
  });

  it('groups as the panel does: each problem under its check, one line per check that passed', () => {
    const many: Finding[] = [findings[1]];

    for (let i = 0; i < 5000; i++) {
      many.push({
        id: 'instance.cluster-tag', status: i < 2 ? 'fail' : 'pass', resource: `i-${ i }`, message: { key: 'check.instanceClusterTag.present', args: { key: 'k' } }, rule: { key: 'rule.instanceClusterTag' }
      });
    }
    const lines = renderTable(inputs, many, t, false).split('\n');

    // The title, two groups of problems (3 rows), the passes named once, the summary: a screenful.
    expect(lines.length).toBeLessThan(20);
    expect(lines).toContain('FAILED            Cluster tag on the nodes (instance.cluster-tag): 2 failed, 4,998 OK');
    expect(lines.filter((line) => line.includes('• Instance i-'))).toHaveLength(2);
    expect(lines.some((line) => /OK for: i-2, i-3, .* and 4,988 more$/.test(line))).toBe(true);
  });

  it('lists the details behind a count under the finding', () => {
    const withDetails: Finding = { ...findings[1], details: ['ec2:CreateTags', 'ec2:CreateVolume'] };

    expect(renderTable(inputs, [withDetails], t, false)).toMatch(/^ +ec2:CreateTags, ec2:CreateVolume$/m);
  });

  it('puts the list behind a count into the Markdown report too', () => {
    const withDetails: Finding = { ...findings[1], details: ['ec2:CreateTags', 'ec2:CreateVolume'] };

    expect(reportMarkdown({ clusterId: 'c-m-1' }, [withDetails], t)).toContain('(ec2:CreateTags, ec2:CreateVolume) |');
  });

  it('escapes table cells in the Markdown report', () => {
    expect(reportMarkdown({ clusterId: 'c-m-1', region: 'eu-west-1' }, findings, t)).toContain('| subnet-\\|1 |');
  });
});
