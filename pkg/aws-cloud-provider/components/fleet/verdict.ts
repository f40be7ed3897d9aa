/** How a verdict shows: the BadgeState colour and the l10n key of its label. */
import { CheckStatus } from '../../domain/findings';

export const VERDICT_COLOURS: Record<CheckStatus, string> = {
  fail: 'bg-error', unknown: 'bg-info', warn: 'bg-warning', pass: 'bg-success'
};

export const verdictKey = (verdict: CheckStatus, error?: string): string => `awsCloudProvider.fleet.verdict.${ error ? 'error' : verdict }`;

/** The fleet page, opened on one cluster's report. */
export function fleetReportLocation(clusterId: string): { name: string, params: { cluster: string }, query: { cluster: string } } {
  return {
    name: 'c-cluster-manager-aws-cloud-provider', params: { cluster: '_' }, query: { cluster: clusterId }
  };
}

let timeFormat: Intl.DateTimeFormat | undefined;

/** "2 Dec 2026, 15:37": the time a result was made, in the browser's locale (one formatter for all: making one is slow). */
export function formatTime(time: number): string {
  timeFormat = timeFormat || new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  return timeFormat.format(new Date(time));
}
