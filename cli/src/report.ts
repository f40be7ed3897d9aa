import {
  CheckStatus, Finding, STATUS_ORDER, summarize
} from '../../pkg/aws-cloud-provider/domain/checks';
import { CheckInputs } from '../../pkg/aws-cloud-provider/domain/facts';
import { Translate } from './translate';
import { renderFinding, reportJson, reportMarkdown } from '../../pkg/aws-cloud-provider/domain/report';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNKNOWN = 3;
// Distinct from 1 and 3 so scripts never read a crash as a verdict on the account.
export const EXIT_INTERNAL = 4;

export type OutputFormat = 'table' | 'json' | 'markdown';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown'];

export function exitCodeOf(summary: Record<CheckStatus, number>): number {
  if (summary.fail) {
    return EXIT_FAIL;
  }

  return summary.unknown ? EXIT_UNKNOWN : EXIT_OK;
}

export function renderJson(inputs: CheckInputs, findings: Finding[], t: Translate): string {
  return `${ reportJson({ clusterId: inputs.clusterId, region: inputs.region }, findings, t) }\n`;
}

export function renderMarkdown(inputs: CheckInputs, findings: Finding[], t: Translate): string {
  return reportMarkdown({ clusterId: inputs.clusterId, region: inputs.region }, findings, t);
}

const COLOURS: Record<CheckStatus, string> = {
  pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', unknown: '\x1b[35m'
};
const RESET = '\x1b[0m';

/** A readable table, worst first; colours only on a terminal. */
export function renderTable(inputs: CheckInputs, findings: Finding[], t: Translate, colour: boolean): string {
  const rows = [...findings].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)).map((f) => renderFinding(f, t));
  const label = (status: CheckStatus) => t(`awsCloudProvider.status.${ status }`).toUpperCase();
  const width = (pick: (r: typeof rows[number]) => string, title: string) => Math.max(title.length, ...rows.map((r) => pick(r).length));
  const heading = (key: string) => t(`awsCloudProvider.verify.column.${ key }`).toUpperCase();
  const statusWidth = Math.max(heading('status').length, ...STATUS_ORDER.map((s) => label(s).length));
  const idWidth = width((r) => r.id, heading('check'));
  const resourceWidth = Math.min(40, width((r) => r.resource, heading('resource')));
  const paint = (status: CheckStatus, textValue: string) => (colour ? `${ COLOURS[status] }${ textValue }${ RESET }` : textValue);
  const lines = [
    t('awsCloudProvider.verify.reportTitle', { clusterId: inputs.clusterId, region: inputs.region || '-' }),
    '',
    `${ heading('status').padEnd(statusWidth) }  ${ heading('check').padEnd(idWidth) }  ${ heading('resource').padEnd(resourceWidth) }  ${ heading('message') }`,
  ];

  for (const row of rows) {
    lines.push(`${ paint(row.status, label(row.status).padEnd(statusWidth)) }  ${ row.id.padEnd(idWidth) }  ${ row.resource.padEnd(resourceWidth) }  ${ row.message }`);
    if (row.fix) {
      lines.push(`${ ' '.repeat(statusWidth + idWidth + resourceWidth + 6) }→ ${ row.fix }`);
    }
    // The list behind a count in the message (e.g. the missing actions): a terminal has room for it.
    if (row.details?.length) {
      lines.push(`${ ' '.repeat(statusWidth + idWidth + resourceWidth + 6) }  ${ row.details.join(', ') }`);
    }
  }

  const summary = summarize(findings);

  lines.push('', STATUS_ORDER.map((s) => `${ summary[s] } ${ t(`awsCloudProvider.status.${ s }`).toLowerCase() }`).join(', '), '');

  return lines.join('\n');
}
