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

  it('needs the resource to cover "*"', () => {
    expect(evaluateAction({ identityPolicies: [allow('ec2:DescribeInstances', { Resource: 'arn:aws:ec2:*:*:instance/*' })] }, 'ec2:DescribeInstances')).toBe('implicitDeny');
    expect(evaluateAction({ identityPolicies: [allow('ec2:DescribeInstances', { Resource: ['arn:aws:ec2:*:*:instance/*', '*'] })] }, 'ec2:DescribeInstances')).toBe('allowed');
  });

  it('cannot decide an Allow that depends on a condition', () => {
    const conditional = allow('ec2:CreateTags', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });

    expect(evaluateAction({ identityPolicies: [conditional] }, 'ec2:CreateTags')).toBe('unknown');
    expect(evaluateAction({ identityPolicies: [conditional, allow('ec2:CreateTags')] }, 'ec2:CreateTags')).toBe('allowed');
  });

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
