/**
 * Findings as people read them: one report for the whole run (problems first, grouped by
 * check), texts translated, and the same as JSON or Markdown.
 */

import {
  CheckId, CheckStatus, Finding, STATUS_ORDER, Text, finding, summarize
} from './findings';

export type Translate = (key: string, args?: Record<string, unknown>) => string;

export interface RenderedFinding {
  id: string;
  status: CheckStatus;
  resource: string;
  message: string;
  rule: string;
  fix?: string;
  details?: string[];
}

export function say(t: Translate, text: Text): string {
  return t(`awsCloudProvider.${ text.key }`, text.args);
}

export function renderFinding(finding: Finding, t: Translate): RenderedFinding {
  // Built in place, not with spreads of optional parts: a report of 10,000 nodes renders some
  // 60,000. The keys keep their order (fix, then details), as JSON output shows them.
  const rendered: RenderedFinding = {
    id:       finding.id,
    status:   finding.status,
    resource: finding.resource,
    message:  say(t, finding.message),
    rule:     say(t, finding.rule),
  };
  const { fix, details } = finding;

  if (fix) {
    rendered.fix = fix.command ? `${ say(t, fix.text) } ${ fix.command }` : say(t, fix.text);
  }
  if (details) {
    rendered.details = details;
  }

  return rendered;
}

/** Resources in the order they first appear, each with its findings worst first. */
export function groupByResource<T extends { resource: string, status: CheckStatus }>(findings: readonly T[]): { resource: string, findings: T[] }[] {
  const groups = new Map<string, T[]>();

  for (const finding of findings) {
    const list = groups.get(finding.resource);

    if (list) {
      list.push(finding);
    } else {
      groups.set(finding.resource, [finding]);
    }
  }

  return [...groups.entries()].map(([resource, list]) => ({ resource, findings: list.sort(byStatus) }));
}

const byStatus = (a: { status: CheckStatus }, b: { status: CheckStatus }) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);

/** The order checks are read in: the profile and its role first, then the network, then nodes. */
export const CHECK_ORDER: readonly CheckId[] = [
  'cluster-id', 'provider.context',
  'config.cloud-provider', 'config.node-names', 'config.controller-manifest', 'config.controller-selector', 'config.controller-tolerations',
  'config.controller-version', 'config.controller-host-network', 'config.second-provider', 'config.volumes', 'config.migration',
  'controller.install', 'controller.daemonset', 'controller.scheduling', 'controller.version', 'node.initialized',
  'instance-profile.name', 'instance-profile.exists', 'instance-profile.role', 'instance-profile.trust', 'instance-profile.permissions', 'instance-profile.optional-permissions', 'instance-profile.pass-role',
  'subnet.cluster-tag', 'security-groups', 'subnets.load-balancer', 'subnets.node-zones', 'tag.value',
  'node.instance', 'instance.cluster-tag', 'instance.cluster-id', 'instance.instance-profile', 'instance.security-groups', 'instance.metadata', 'instance.vpc',
];

/** What a finding's resource is, for a label next to its ID. */
export type ResourceType = 'instance' | 'subnet' | 'securityGroup' | 'vpc' | 'instanceProfile' | 'role' | 'clusterId' | 'node' | 'tagKey' | 'kubernetes' | 'clusterSpec' | 'kubeObject';

const TYPE_BY_PREFIX: [RegExp, ResourceType][] = [[/^i-[0-9a-f]+$/, 'instance'], [/^subnet-/, 'subnet'], [/^sg-/, 'securityGroup'], [/^vpc-/, 'vpc']];
const TYPE_BY_CHECK: Partial<Record<CheckId, ResourceType>> = {
  'cluster-id':                            'clusterId',
  'instance-profile.name':                 'instanceProfile',
  'instance-profile.exists':               'instanceProfile',
  'instance-profile.role':                 'instanceProfile',
  'instance-profile.trust':                'role',
  'instance-profile.permissions':          'role',
  'instance-profile.optional-permissions': 'role',
  'instance-profile.pass-role':            'role',
  'provider.context':                      'kubernetes',
  'security-groups':                       'securityGroup',
  'node.instance':                         'node',
  'instance.cluster-tag':                  'tagKey',
  'config.cloud-provider':                 'clusterSpec',
  'config.node-names':                     'clusterSpec',
  'config.controller-manifest':            'clusterSpec',
  'config.controller-selector':            'clusterSpec',
  'config.controller-tolerations':         'clusterSpec',
  'config.controller-version':             'clusterSpec',
  'config.controller-host-network':        'clusterSpec',
  'config.second-provider':                'clusterSpec',
  'config.volumes':                        'clusterSpec',
  'config.migration':                      'clusterSpec',
  'controller.install':                    'kubeObject',
  'controller.daemonset':                  'kubeObject',
  'controller.scheduling':                 'kubeObject',
  'controller.version':                    'kubeObject',
  'node.initialized':                      'node',
};

export function resourceTypeOf(finding: Pick<Finding, 'id' | 'resource'>): ResourceType {
  return TYPE_BY_PREFIX.find(([prefix]) => prefix.test(finding.resource))?.[1] || TYPE_BY_CHECK[finding.id] || 'tagKey';
}

/** One check's findings: its worst status, counts, the problems (worst first) and the passes. */
export interface CheckGroup {
  id: CheckId;
  status: CheckStatus;
  counts: Record<CheckStatus, number>;
  problems: Finding[];
  passes: Finding[];
}

export interface Report {
  counts: Record<CheckStatus, number>;
  /** Checks with a failure, an unknown or a warning, worst first. */
  problems: CheckGroup[];
  /** Checks whose every finding passed. */
  passed: CheckGroup[];
}

const emptyCounts = (): Record<CheckStatus, number> => ({
  fail: 0, unknown: 0, warn: 0, pass: 0
});

/** Findings → the report people scan. Linear in the findings (5,000 nodes give about 20,000). */
export function buildReport(findings: readonly Finding[]): Report {
  const groups = new Map<CheckId, CheckGroup>();
  const counts = emptyCounts();

  for (const finding of findings) {
    let group = groups.get(finding.id);

    if (!group) {
      group = {
        id: finding.id, status: 'pass', counts: emptyCounts(), problems: [], passes: []
      };
      groups.set(finding.id, group);
    }
    counts[finding.status]++;
    group.counts[finding.status]++;
    (finding.status === 'pass' ? group.passes : group.problems).push(finding);
    if (STATUS_ORDER.indexOf(finding.status) < STATUS_ORDER.indexOf(group.status)) {
      group.status = finding.status;
    }
  }

  const ordered = [...groups.values()].sort((a, b) => CHECK_ORDER.indexOf(a.id) - CHECK_ORDER.indexOf(b.id));

  for (const group of ordered) {
    group.problems.sort(byStatus);
  }

  return {
    counts,
    problems: ordered.filter((group) => group.status !== 'pass').sort(byStatus),
    passed:   ordered.filter((group) => group.status === 'pass'),
  };
}

/**
 * The findings of several verifications (one per pool) as one list: a cluster-wide finding
 * (a node, a subnet) that every pool's run reported appears once. Every finding comes out in one
 * shape (`finding`), whichever check built it, for the reads that follow.
 */
export function mergeFindings(runs: readonly (readonly Finding[])[]): Finding[] {
  // By resource (one map lookup per finding), then among that resource's few findings by check,
  // status and message: no string built per finding.
  const byResource = new Map<string, Finding[]>();
  const out: Finding[] = [];

  for (const findings of runs) {
    for (const found of findings) {
      const kept = byResource.get(found.resource);

      if (kept === undefined) {
        const one = finding(found);

        byResource.set(found.resource, [one]);
        out.push(one);
      } else if (!kept.some((other) => other.id === found.id && other.status === found.status && sameText(other.message, found.message))) {
        const one = finding(found);

        kept.push(one);
        out.push(one);
      }
    }
  }

  return out;
}

function sameText(a: Text, b: Text): boolean {
  if (a === b) {
    return true;
  }
  if (a.key !== b.key) {
    return false;
  }

  const left = a.args || {};
  const right = b.args || {};
  const names = Object.keys(left);

  return names.length === Object.keys(right).length && names.every((name) => left[name] === right[name]);
}

/**
 * `t` that remembers what it said, per key and arguments: a report of 10,000 nodes says a few
 * dozen texts some 100,000 times, and formatting each again costs more than the rest of the report.
 * Only string and number arguments are remembered (each with its type: ICU's plural tells 1 from
 * "1"); a text with any other argument is said afresh.
 */
export function rememberingTranslate(t: Translate): Translate {
  const said = new Map<string, string>();

  return (key, args) => {
    let memo = key;

    if (args) {
      for (const name in args) {
        const value = args[name];

        if (typeof value === 'string') {
          memo += `\u0000${ name }\u0001${ value }`;
        } else if (typeof value === 'number') {
          memo += `\u0000${ name }\u0002${ value }`;
        } else {
          return t(key, args);
        }
      }
    }

    let out = said.get(memo);

    if (out === undefined) {
      out = t(key, args);
      said.set(memo, out);
    }

    return out;
  };
}

export interface ReportHeader { clusterId: string, region?: string }

export function reportJson(header: ReportHeader, findings: readonly Finding[], given: Translate): string {
  const t = rememberingTranslate(given);

  return JSON.stringify({
    clusterId: header.clusterId, region: header.region, summary: summarize(findings), checks: findings.map((f) => renderFinding(f, t))
  }, null, 2);
}

/** Markdown that pastes into an issue or a chat: cells escaped so AWS names cannot break the table. */
export function reportMarkdown(header: ReportHeader, findings: readonly Finding[], given: Translate): string {
  const t = rememberingTranslate(given);
  const cell = (value: string) => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const summary = summarize(findings);
  const lines = [
    `### ${ cell(t('awsCloudProvider.verify.reportTitle', { clusterId: header.clusterId, region: header.region || '-' })) }`,
    '',
    STATUS_ORDER.map((s) => `${ summary[s] } ${ t(`awsCloudProvider.status.${ s }`) }`).join(', '),
    '',
    `| ${ t('awsCloudProvider.verify.column.status') } | ${ t('awsCloudProvider.verify.column.check') } | ${ t('awsCloudProvider.verify.column.resource') } | ${ t('awsCloudProvider.verify.column.message') } | ${ t('awsCloudProvider.verify.column.fix') } |`,
    '| --- | --- | --- | --- | --- |',
  ];

  for (const group of groupByResource(findings.map((f) => renderFinding(f, t)))) {
    for (const f of group.findings) {
      const message = f.details?.length ? `${ f.message } (${ f.details.join(', ') })` : f.message;

      lines.push(`| ${ cell(t(`awsCloudProvider.status.${ f.status }`)) } | ${ cell(f.id) } | ${ cell(f.resource) } | ${ cell(message) } | ${ cell(f.fix || '') } |`);
    }
  }

  return `${ lines.join('\n') }\n`;
}
