import { CheckStatus, Finding, STATUS_ORDER } from '@pkg/domain/checks';
import { CheckInputs } from '@pkg/domain/facts';
import { Translate } from './translate';
import {
  CheckGroup, buildReport, rememberingTranslate, renderFinding, reportJson, reportMarkdown, resourceTypeOf, say
} from '@pkg/domain/report';

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

/**
 * The human report, grouped as the panel groups it: problems first by check, each with its
 * resource, reason, fix and command; then one line per check that passed, naming a few of its
 * resources. 5,000 passing nodes are one line, so the report is a screenful plus the problems.
 * Colours only on a terminal. Texts are said once per key and arguments (rememberingTranslate).
 */
export function renderTable(inputs: CheckInputs, findings: Finding[], given: Translate, colour: boolean): string {
  const t = rememberingTranslate(given);
  const report = buildReport(findings);
  const label = (status: CheckStatus) => t(`awsCloudProvider.status.${ status }`).toUpperCase();
  const statusWidth = Math.max(...STATUS_ORDER.map((s) => label(s).length));
  const paint = (status: CheckStatus, textValue: string) => (colour ? `${ COLOURS[status] }${ textValue }${ RESET }` : textValue);
  const counts = (group: CheckGroup) => STATUS_ORDER.filter((s) => group.counts[s]).map((s) => t(`awsCloudProvider.report.count.${ s }`, { count: group.counts[s] })).join(', ');
  const title = (group: CheckGroup) => `${ t(`awsCloudProvider.report.check.${ group.id }`) } (${ group.id })`;
  const indent = ' '.repeat(statusWidth + 2);
  const lines = [t('awsCloudProvider.verify.reportTitle', { clusterId: inputs.clusterId, region: inputs.region || '-' }), ''];

  for (const group of report.problems) {
    lines.push(`${ paint(group.status, label(group.status).padEnd(statusWidth)) }  ${ title(group) }: ${ counts(group) }`);
    for (const finding of group.problems) {
      const row = renderFinding(finding, t);

      lines.push(`${ indent }${ paint(finding.status, '•') } ${ t(`awsCloudProvider.report.type.${ resourceTypeOf(finding) }`) } ${ finding.resource }: ${ row.message }`);
      if (finding.fix) {
        lines.push(`${ indent }  → ${ say(t, finding.fix.text) }`);
        if (finding.fix.command) {
          lines.push(`${ indent }    $ ${ finding.fix.command }`);
        }
      }
      // The list behind a count in the message (e.g. the missing actions): a terminal has room for it.
      if (finding.details?.length) {
        lines.push(`${ indent }    ${ finding.details.join(', ') }`);
      }
    }
    if (group.passes.length) {
      lines.push(`${ indent }${ passedLine(group, t) }`);
    }
    lines.push('');
  }
  for (const group of report.passed) {
    lines.push(`${ paint('pass', label('pass').padEnd(statusWidth)) }  ${ title(group) }: ${ counts(group) }. ${ passedLine(group, t) }`);
  }

  lines.push('', STATUS_ORDER.map((s) => t(`awsCloudProvider.report.count.${ s }`, { count: report.counts[s] })).join(', '), '');

  return lines.join('\n');
}

/** "OK for: i-1, i-2, … and 4,990 more", as the panel says it. */
function passedLine(group: CheckGroup, t: Translate): string {
  const names = Array.from(new Set(group.passes.map((finding) => finding.resource)));
  const list = names.slice(0, NAMED_RESOURCES).join(', ');
  const resources = names.length > NAMED_RESOURCES ? t('awsCloudProvider.report.more', { list, count: names.length - NAMED_RESOURCES }) : list;

  return t('awsCloudProvider.report.passedResources', { resources });
}

const NAMED_RESOURCES = 10;
