/** `print-policy`: the IAM policy JSON for the nodes' roles, recommended or one of the listed variants. */
import { allowedActionsOf, policyForRoles, policyJson } from '@pkg/domain/policies';
import { POLICY_FEATURES, PolicyFeature, policyKubernetesVersion, recommendedPolicy } from '@pkg/domain/recommended-policy';
import { ASSUMED_KUBERNETES_VERSION, formatVersion, parseKubernetesVersion } from '@pkg/domain/kubernetes-version';
import {
  UsageError, parseArgsOrExplain, rolesOf, t, variantOf
} from './arguments';
import { EXIT_OK } from './report';

/**
 * The policy JSON on stdout, notes on stderr. Recommended (the default): what the provider calls for
 * --kubernetes-version (else the assumed version, said on stderr) on nodes with --roles, plus each
 * --feature; nodes that need nothing get a valid policy that grants nothing, and stderr says so.
 */
export function printPolicy(args: string[]): number | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      roles:                { type: 'string' },
      variant:              { type: 'string' },
      'kubernetes-version': { type: 'string' },
      feature:              { type: 'string', multiple: true },
      help:                 { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  const roles = rolesOf(values.roles);
  const variant = values.variant === undefined ? 'recommended' : variantOf(values.variant);
  const versionText = values['kubernetes-version'];
  // Repeatable, and a comma list works too: --feature nlb,ecr.
  const features = (values.feature || []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  const unknownFeature = features.find((name) => !(POLICY_FEATURES as readonly string[]).includes(name));
  const note = (key: string, noteArgs?: Record<string, unknown>) => process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.policy.cli.${ key }`, noteArgs) }\n`);

  if (versionText !== undefined && !parseKubernetesVersion(versionText)) {
    throw new UsageError('arguments', { problem: t('awsCloudProvider.policy.cli.badVersion', { version: versionText }) });
  }
  if (unknownFeature !== undefined) {
    throw new UsageError('arguments', { problem: t('awsCloudProvider.policy.cli.badFeature', { feature: unknownFeature, features: POLICY_FEATURES.join(', ') }) });
  }
  if (variant !== 'recommended') {
    if (versionText !== undefined || features.length) {
      note('listedIgnoresOptions', { variant });
    }
    process.stdout.write(`${ policyJson(policyForRoles(roles, variant)) }\n`);

    return EXIT_OK;
  }

  const { version, assumed } = policyKubernetesVersion(versionText);
  const policy = recommendedPolicy(roles, version, features as PolicyFeature[]);

  if (assumed) {
    note('assumedVersion', { version: ASSUMED_KUBERNETES_VERSION });
  }
  if (!allowedActionsOf(policy).length) {
    note('nothingRequired', { version: formatVersion(version), roles: roles.join(', ') });
  }
  process.stdout.write(`${ policyJson(policy) }\n`);

  return EXIT_OK;
}
