/**
 * Ready-to-run recipes that create the role, give it the pool's policy, create the instance
 * profile and put the role in it. Names are IAM names (validated by the caller), so they
 * need no escaping beyond the quoting below.
 */

import { dump } from 'js-yaml';
import { NodeRole } from './roles';
import { PolicyVariant, ec2TrustPolicy, policyJson } from './policies';
import { PolicyFeature, policyFor } from './recommended-policy';

export interface SnippetInput {
  roles: readonly NodeRole[];
  /** Rancher's list when not given (print-recipe's default); the panel passes its choice. */
  variant?: PolicyVariant;
  /** For the recommended variant: the cluster's version (ASSUMED_KUBERNETES_VERSION when missing). */
  kubernetesVersion?: string;
  /** For the recommended variant: the features opted in to. */
  features?: readonly PolicyFeature[];
  /** The instance profile name the machine pool will use. */
  instanceProfileName: string;
  /** Defaults to the profile name, as the AWS console does. */
  roleName?: string;
  /** Name of the inline policy on the role. */
  policyName?: string;
}

export type SnippetFormat = 'awsCli' | 'cloudFormation' | 'terraform';

export const SNIPPET_FORMATS: readonly SnippetFormat[] = ['awsCli', 'cloudFormation', 'terraform'];

interface ResolvedNames { role: string, profile: string, policy: string }

function namesOf(input: SnippetInput): ResolvedNames {
  return {
    profile: input.instanceProfileName,
    role:    input.roleName || input.instanceProfileName,
    policy:  input.policyName || `${ input.instanceProfileName }-cloud-provider`,
  };
}

/** A default profile name for a set of roles, e.g. `rancher-controlplane-etcd-worker`. */
export function defaultInstanceProfileName(roles: readonly NodeRole[]): string {
  return ['rancher', ...roles].join('-');
}

/** The policy document a recipe gives the role. */
function policyOf(input: SnippetInput) {
  return policyFor(input.roles, input.variant || 'rancher', { kubernetesVersion: input.kubernetesVersion, features: input.features });
}

function shellQuote(text: string): string {
  return `'${ text.replace(/'/g, `'\\''`) }'`;
}

export function awsCliSnippet(input: SnippetInput): string {
  const names = namesOf(input);
  const trust = JSON.stringify(ec2TrustPolicy());
  const policy = JSON.stringify(policyOf(input));

  return [
    `aws iam create-role --role-name ${ shellQuote(names.role) } \\`,
    `  --assume-role-policy-document ${ shellQuote(trust) }`,
    `aws iam put-role-policy --role-name ${ shellQuote(names.role) } --policy-name ${ shellQuote(names.policy) } \\`,
    `  --policy-document ${ shellQuote(policy) }`,
    `aws iam create-instance-profile --instance-profile-name ${ shellQuote(names.profile) }`,
    `aws iam add-role-to-instance-profile --instance-profile-name ${ shellQuote(names.profile) } --role-name ${ shellQuote(names.role) }`,
    '',
  ].join('\n');
}

export function cloudFormationSnippet(input: SnippetInput): string {
  const names = namesOf(input);
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:              `IAM role and instance profile for Kubernetes Amazon cloud provider nodes (${ input.roles.join(', ') })`,
    Resources:                {
      NodeRole: {
        Type:       'AWS::IAM::Role',
        Properties: {
          RoleName:                 names.role,
          AssumeRolePolicyDocument: ec2TrustPolicy(),
          Policies:                 [{ PolicyName: names.policy, PolicyDocument: policyOf(input) }],
        },
      },
      NodeInstanceProfile: {
        Type:       'AWS::IAM::InstanceProfile',
        Properties: {
          InstanceProfileName: names.profile,
          // The long form of !Ref keeps the template plain YAML that any parser reads.
          Roles:               [{ Ref: 'NodeRole' }],
        },
      },
    },
    Outputs: { InstanceProfileName: { Value: { Ref: 'NodeInstanceProfile' } } },
  };

  return dump(template, { lineWidth: -1, noRefs: true });
}

/** A Terraform identifier: lower-case letters, digits and underscores, not starting with a digit. */
function terraformIdentifier(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');

  return /^[a-z_]/.test(id) ? id : `_${ id }`;
}

function indent(text: string, spaces: number): string {
  return text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');
}

export function terraformSnippet(input: SnippetInput): string {
  const names = namesOf(input);
  const id = terraformIdentifier(names.profile);

  return [
    `resource "aws_iam_role" "${ id }" {`,
    `  name               = ${ JSON.stringify(names.role) }`,
    `  assume_role_policy = <<-POLICY`,
    indent(policyJson(ec2TrustPolicy()), 4),
    `    POLICY`,
    `}`,
    '',
    `resource "aws_iam_role_policy" "${ id }" {`,
    `  name   = ${ JSON.stringify(names.policy) }`,
    `  role   = aws_iam_role.${ id }.id`,
    `  policy = <<-POLICY`,
    indent(policyJson(policyOf(input)), 4),
    `    POLICY`,
    `}`,
    '',
    `resource "aws_iam_instance_profile" "${ id }" {`,
    `  name = ${ JSON.stringify(names.profile) }`,
    `  role = aws_iam_role.${ id }.name`,
    `}`,
    '',
  ].join('\n');
}

export function snippet(format: SnippetFormat, input: SnippetInput): string {
  switch (format) {
  case 'awsCli':
    return awsCliSnippet(input);
  case 'cloudFormation':
    return cloudFormationSnippet(input);
  case 'terraform':
    return terraformSnippet(input);
  }
}
