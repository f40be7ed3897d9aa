import { validateInstanceProfileName, INSTANCE_PROFILE_NAME_MAX_LENGTH } from '../instance-profile-name';

const required = { required: true };

describe('instance profile name', () => {
  it.each(['rancher-nodes', 'my_profile+1=a,b.c@d', 'A'.repeat(INSTANCE_PROFILE_NAME_MAX_LENGTH)])('accepts %s', (name) => {
    expect(validateInstanceProfileName(name, required)).toEqual({ valid: true });
  });

  it('requires a name only when the Amazon cloud provider is selected', () => {
    expect(validateInstanceProfileName('', required)).toEqual({ valid: false, problem: 'required' });
    expect(validateInstanceProfileName('   ', required).problem).toBe('required');
    expect(validateInstanceProfileName('', { required: false })).toEqual({ valid: true });
  });

  it('offers the name part of an instance profile ARN', () => {
    expect(validateInstanceProfileName('arn:aws:iam::123456789012:instance-profile/rancher-cp', required)).toEqual({
      valid: false, problem: 'instanceProfileArn', args: { name: 'rancher-cp' }, suggestion: 'rancher-cp'
    });
    expect(validateInstanceProfileName('arn:aws-us-gov:iam::123456789012:instance-profile/team/a/rancher-cp', required).suggestion).toBe('rancher-cp');
  });

  it('says a role ARN is not a profile name and offers the role name the console would give the profile', () => {
    const verdict = validateInstanceProfileName('arn:aws:iam::123456789012:role/k8s-node-role', required);

    expect(verdict.problem).toBe('roleArn');
    expect(verdict.suggestion).toBe('k8s-node-role');
  });

  it('rejects other ARNs without a suggestion', () => {
    const verdict = validateInstanceProfileName('arn:aws:iam::123456789012:policy/foo', required);

    expect(verdict).toEqual({
      valid: false, problem: 'otherArn', args: { type: 'policy' }
    });
    expect(validateInstanceProfileName('arn:aws:ec2:us-east-1:123456789012:instance/i-1', required).problem).toBe('otherArn');
  });

  it('rejects a path and offers its last part', () => {
    expect(validateInstanceProfileName('/team/rancher-cp', required)).toMatchObject({ problem: 'path', suggestion: 'rancher-cp' });
  });

  it('rejects surrounding spaces and inner spaces differently', () => {
    expect(validateInstanceProfileName(' rancher-cp ', required)).toMatchObject({ problem: 'surroundingSpaces', suggestion: 'rancher-cp' });
    expect(validateInstanceProfileName('rancher cp', required)).toMatchObject({ problem: 'invalidCharacters', args: { characters: '␠' } });
  });

  it('lists each character IAM does not allow once', () => {
    const verdict = validateInstanceProfileName('name#with$bad#chars', required);

    expect(verdict).toEqual({
      valid: false, problem: 'invalidCharacters', args: { characters: '# $' }
    });
  });

  it('rejects names over 128 characters', () => {
    expect(validateInstanceProfileName('a'.repeat(129), required)).toEqual({
      valid: false, problem: 'tooLong', args: { length: 129, max: 128 }
    });
  });
});
