/**
 * @jest-environment node
 */
import { exitCodeOf, renderTable } from '../report';
import { createTranslate } from '../translate';
import { Finding } from '../../../pkg/aws-cloud-provider/domain/checks';
import { reportMarkdown } from '../../../pkg/aws-cloud-provider/domain/report';

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
    expect(plain).toContain('1 failed, 0 could not verify, 0 warning, 1 ok');
  });

  it('lists the details behind a count under the finding', () => {
    const withDetails: Finding = { ...findings[1], details: ['ec2:CreateTags', 'ec2:CreateVolume'] };

    expect(renderTable(inputs, [withDetails], t, false)).toMatch(/^ +ec2:CreateTags, ec2:CreateVolume$/m);
  });

  it('escapes table cells in the Markdown report', () => {
    expect(reportMarkdown({ clusterId: 'c-m-1', region: 'eu-west-1' }, findings, t)).toContain('| subnet-\\|1 |');
  });
});
