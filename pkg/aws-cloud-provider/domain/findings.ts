/**
 * The finding model every check shares: what was checked, on which resource, the verdict, the
 * provider behaviour it mirrors and a fix. Missing data is never a pass or a fail, only `unknown`.
 */
import { AwsError } from './facts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export type CheckId =
  | 'cluster-id'
  | 'provider.context'
  | 'instance-profile.name'
  | 'instance-profile.exists'
  | 'instance-profile.role'
  | 'instance-profile.trust'
  | 'instance-profile.permissions'
  | 'instance-profile.optional-permissions'
  | 'instance-profile.pass-role'
  | 'instance.cluster-tag'
  | 'instance.cluster-id'
  | 'instance.instance-profile'
  | 'instance.security-groups'
  | 'instance.metadata'
  | 'instance.vpc'
  | 'security-groups'
  | 'subnet.cluster-tag'
  | 'subnets.load-balancer'
  | 'subnets.node-zones'
  | 'tag.value'
  | 'node.instance'
  // The cluster's own spec, before creation (checks/config.ts).
  | 'config.cloud-provider'
  | 'config.node-names'
  | 'config.controller-manifest'
  | 'config.controller-selector'
  | 'config.controller-tolerations'
  | 'config.controller-version'
  | 'config.controller-host-network'
  | 'config.second-provider'
  | 'config.volumes'
  | 'config.migration'
  // The running cluster, through Rancher's proxy or a kubeconfig (checks/controller.ts, node-initialized.ts).
  | 'controller.install'
  | 'controller.daemonset'
  | 'controller.scheduling'
  | 'controller.version'
  | 'node.initialized';

/** A translatable text: an l10n key under `awsCloudProvider.` and its arguments. */
export interface Text { key: string, args?: Record<string, string | number> }

/** Adding `key=value` to these resources fixes the finding. */
export interface TagFix { resourceIds: string[], key: string, value: string }

export interface Finding {
  id: CheckId;
  status: CheckStatus;
  /** The AWS resource or input the finding is about (an ID or a name). */
  resource: string;
  message: Text;
  /** The provider behaviour the verdict mirrors. */
  rule: Text;
  /** A concrete action: what to do, the command that does it, and the tag that would fix it. */
  fix?: { text: Text, command?: string, tag?: TagFix };
  /** The full list behind a count in the message (e.g. the missing actions), shown on demand. */
  details?: string[];
}

export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'unknown', 'warn', 'pass'];

export function text(key: string, args?: Record<string, string | number>): Text {
  return args ? { key, args } : { key };
}

const RULES = new Map<string, Text>();

/** The rule text of a check: one frozen object per rule, shared by every finding of that check. */
export function rule(name: string): Text {
  let found = RULES.get(name);

  if (!found) {
    found = Object.freeze(text(`rule.${ name }`));
    RULES.set(name, found);
  }

  return found;
}

/**
 * A finding with its properties always in this order, absent ones undefined: a report of 10,000
 * nodes reads some 50,000 findings several times, and objects of one shape keep those reads fast
 * (mixed shapes made each read of `status` cost as much as the rest of the loop).
 */
export function finding(init: Finding): Finding {
  return findingOf(init.id, init.status, init.resource, init.message, init.rule, init.fix, init.details);
}

/**
 * `finding` with its parts in order, for the checks that build one per instance or node: the
 * named form reads an object of each caller's own shape, which costs as much as the check.
 */
export function findingOf(id: CheckId, status: CheckStatus, resource: string, message: Text, ruleText: Text, fix?: Finding['fix'], details?: string[]): Finding {
  return {
    id, status, resource, message, rule: ruleText, fix, details
  };
}

const DENIED_CODES = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedOperationException'];

/** The IAM action an AWS operation needs, e.g. DescribeSubnets → ec2:DescribeSubnets. */
export function permissionFor(operation: string): string {
  return `${ /^(Describe|CreateTags)/.test(operation) ? 'ec2' : 'iam' }:${ operation }`;
}

/** A check whose input AWS refused or failed to give: `unknown`, with the AWS error as the reason. */
export function unknownFrom(id: CheckId, resource: string, error: AwsError, ruleName: string): Finding {
  const args = {
    operation: error.operation, code: error.code, message: error.message
  };
  const denied = DENIED_CODES.includes(error.code);

  return finding({
    id,
    status:  'unknown',
    resource,
    message: denied ? text('check.unknownDenied', { ...args, permission: permissionFor(error.operation) }) : text('check.unknown', args),
    rule:    rule(ruleName),
    fix:     denied ? { text: text('fix.grantRead', { permission: permissionFor(error.operation) }) } : undefined,
  });
}

/** Why a check that depends on another could not run: keys under `check.unknownBecause.`. */
export type UnknownReason = 'profileUnreadable' | 'profileMissing' | 'noRole' | 'roleUnreadable' | 'instancesUnreadable' | 'groupsUnreadable' | 'zonesUnreadable' | 'profileNameInvalid';

/** A check that could not run because an earlier one failed or could not read its input. */
export function unknownBecause(id: CheckId, resource: string, reason: UnknownReason, ruleName: string): Finding {
  return finding({
    id, status: 'unknown', resource, message: text(`check.unknownBecause.${ reason }`), rule: rule(ruleName)
  });
}

export function summarize(findings: readonly Finding[]): Record<CheckStatus, number> {
  const summary: Record<CheckStatus, number> = {
    pass: 0, warn: 0, fail: 0, unknown: 0
  };

  for (const finding of findings) {
    summary[finding.status]++;
  }

  return summary;
}

/** The worse of two statuses, in STATUS_ORDER. */
export function worse(a: CheckStatus, b: CheckStatus): CheckStatus {
  return STATUS_ORDER.indexOf(a) <= STATUS_ORDER.indexOf(b) ? a : b;
}
