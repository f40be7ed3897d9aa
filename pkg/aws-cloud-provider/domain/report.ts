import {
  CheckStatus, Finding, STATUS_ORDER, Text, summarize
} from './checks';

/** Findings as people read them: texts translated, grouped by resource, as JSON or Markdown. */

export type Translate = (key: string, args?: Record<string, unknown>) => string;

export interface RenderedFinding {
  id: string;
  status: CheckStatus;
  resource: string;
  message: string;
  rule: string;
  fix?: string;
}

export function say(t: Translate, text: Text): string {
  return t(`awsCloudProvider.${ text.key }`, text.args);
}

export function renderFinding(finding: Finding, t: Translate): RenderedFinding {
  return {
    id:       finding.id,
    status:   finding.status,
    resource: finding.resource,
    message:  say(t, finding.message),
    rule:     say(t, finding.rule),
    ...(finding.fix ? { fix: finding.fix.command ? `${ say(t, finding.fix.text) } ${ finding.fix.command }` : say(t, finding.fix.text) } : {}),
  };
}

/** Resources in the order they first appear, each with its findings worst first. */
export function groupByResource<T extends { resource: string, status: CheckStatus }>(findings: readonly T[]): { resource: string, findings: T[] }[] {
  const groups = new Map<string, T[]>();

  for (const finding of findings) {
    groups.set(finding.resource, [...(groups.get(finding.resource) || []), finding]);
  }

  return [...groups.entries()].map(([resource, list]) => ({ resource, findings: [...list].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)) }));
}

export interface ReportHeader { clusterId: string, region?: string }

export function reportJson(header: ReportHeader, findings: readonly Finding[], t: Translate): string {
  return JSON.stringify({
    clusterId: header.clusterId, region: header.region, summary: summarize(findings), checks: findings.map((f) => renderFinding(f, t))
  }, null, 2);
}

/** Markdown that pastes into an issue or a chat: cells escaped so AWS names cannot break the table. */
export function reportMarkdown(header: ReportHeader, findings: readonly Finding[], t: Translate): string {
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
      lines.push(`| ${ cell(t(`awsCloudProvider.status.${ f.status }`)) } | ${ cell(f.id) } | ${ cell(f.resource) } | ${ cell(f.message) } | ${ cell(f.fix || '') } |`);
    }
  }

  return `${ lines.join('\n') }\n`;
}
