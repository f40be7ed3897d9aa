import {
  evaluateAction, evaluateActions, parsePolicyDocument, trustsEc2, wildcardMatch
} from '../iam-evaluator';
import { PolicyDocument, policyForRoles, ec2TrustPolicy } from '../policies';

const allow = (Action: string | string[], extra: Record<string, unknown> = {}): PolicyDocument => ({
  Version:   '2012-10-17',
  Statement: [{
    Effect: 'Allow', Action, Resource: '*', ...extra
  }]
});

describe('IAM evaluation on resource "*"', () => {
  it('allows listed actions case-insensitively and denies the rest implicitly', () => {
    const policies = { identityPolicies: [allow(['EC2:describeinstances'])] };

    expect(evaluateAction(policies, 'ec2:DescribeInstances')).toBe('allowed');
    expect(evaluateAction(policies, 'ec2:DescribeRegions')).toBe('implicitDeny');
  });

  it('matches * and ? wildcards', () => {
    expect(evaluateAction({ identityPolicies: [allow('ec2:*')] }, 'ec2:CreateTags')).toBe('allowed');
    expect(evaluateAction({ identityPolicies: [allow('ec2:Describe*')] }, 'ec2:CreateTags')).toBe('implicitDeny');
    expect(evaluateAction({ identityPolicies: [allow('ec2:Describe?olumes')] }, 'ec2:DescribeVolumes')).toBe('allowed');
    expect(wildcardMatch('a.b*', 'axb', true)).toBe(false);
  });

  it('lets an explicit Deny win over any Allow', () => {
    const deny: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Deny', Action: 'ec2:Create*', Resource: '*'
      }]
    };

    expect(evaluateAction({ identityPolicies: [allow('*'), deny] }, 'ec2:CreateTags')).toBe('explicitDeny');
    expect(evaluateAction({ identityPolicies: [allow('*'), deny] }, 'ec2:DescribeTags')).toBe('allowed');
  });

  it('allows everything but the listed actions with NotAction', () => {
    const policy: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', NotAction: ['iam:*', 'kms:*'], Resource: '*'
      }]
    };

    expect(evaluateAction({ identityPolicies: [policy] }, 'ec2:CreateTags')).toBe('allowed');
    expect(evaluateAction({ identityPolicies: [policy] }, 'kms:DescribeKey')).toBe('implicitDeny');
  });

  // Spec (IAM): "ec2:Describe* actions do not support resource-level permissions: they need Resource *".
  // An Allow on instance ARNs grants no DescribeInstances call, so it must stay a denial, not `limited`.
  it('needs the resource to cover "*"', () => {
    expect(evaluateAction({ identityPolicies: [allow('ec2:DescribeInstances', { Resource: 'arn:aws:ec2:*:*:instance/*' })] }, 'ec2:DescribeInstances')).toBe('implicitDeny');
    expect(evaluateAction({ identityPolicies: [allow('ec2:DescribeInstances', { Resource: ['arn:aws:ec2:*:*:instance/*', '*'] })] }, 'ec2:DescribeInstances')).toBe('allowed');
  });

  it('cannot decide an Allow that depends on a condition', () => {
    const conditional = allow('ec2:CreateTags', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });

    expect(evaluateAction({ identityPolicies: [conditional] }, 'ec2:CreateTags')).toBe('unknown');
    expect(evaluateAction({ identityPolicies: [conditional, allow('ec2:CreateTags')] }, 'ec2:CreateTags')).toBe('allowed');
  });

  // Spec (IAM): permission boundaries can deny further. The boundary allows no ec2:CreateTags on any
  // resource, so the action is missing, not a least-privilege (`limited`) grant.
  it('applies a permissions boundary that cuts an action', () => {
    const policies = { identityPolicies: [allow('*')], permissionsBoundary: allow(['ec2:Describe*']) };

    expect(evaluateActions(policies, ['ec2:DescribeSubnets', 'ec2:CreateTags'])).toEqual({ 'ec2:DescribeSubnets': 'allowed', 'ec2:CreateTags': 'implicitDeny' });
  });

  it('reads URL-encoded documents as IAM returns them', () => {
    const encoded = encodeURIComponent(JSON.stringify(policyForRoles(['worker'])));

    expect(parsePolicyDocument(encoded)).toEqual(policyForRoles(['worker']));
    expect(parsePolicyDocument(JSON.stringify(ec2TrustPolicy()))).toEqual(ec2TrustPolicy());
  });
});

describe('IAM evaluation on the resources the provider acts on', () => {
  const SAMPLE_SG = 'arn:aws:ec2:us-east-1:123456789012:security-group/*';

  // Spec (IAM, resource-level grants): an Allow on arn:aws:ec2:*:*:security-group/* is a real grant.
  it('counts a grant on every resource of the kind as allowed', () => {
    const policies = { identityPolicies: [allow('ec2:CreateTags', { Resource: 'arn:aws:ec2:*:*:security-group/*' })] };

    expect(evaluateAction(policies, 'ec2:CreateTags', [SAMPLE_SG])).toBe('allowed');
    expect(evaluateActions(policies, ['ec2:CreateTags'], () => [SAMPLE_SG])).toEqual({ 'ec2:CreateTags': 'allowed' });
  });

  it('calls a grant on specific resources only limited, not missing', () => {
    const policies = { identityPolicies: [allow('ec2:CreateTags', { Resource: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1' })] };

    expect(evaluateAction(policies, 'ec2:CreateTags', [SAMPLE_SG])).toBe('limited');
    expect(evaluateAction(policies, 'ec2:DeleteSecurityGroup', [SAMPLE_SG])).toBe('implicitDeny');
  });

  it('honours a Deny on specific resources: limited, and denied where it covers them', () => {
    const denySome: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Deny', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:security-group/sg-protected'
      }]
    };
    const denyAll: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Deny', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:security-group/*'
      }]
    };

    expect(evaluateAction({ identityPolicies: [allow('*'), denySome] }, 'ec2:CreateTags', [SAMPLE_SG])).toBe('limited');
    expect(evaluateAction({ identityPolicies: [allow('*'), denyAll] }, 'ec2:CreateTags', [SAMPLE_SG])).toBe('explicitDeny');
  });
});

describe('trust policy', () => {
  it('must let ec2.amazonaws.com assume the role', () => {
    expect(trustsEc2(ec2TrustPolicy())).toBe('yes');
    expect(trustsEc2({
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole'
      }]
    })).toBe('no');
    expect(trustsEc2({
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '1' } }
      }]
    })).toBe('conditional');
  });
});
