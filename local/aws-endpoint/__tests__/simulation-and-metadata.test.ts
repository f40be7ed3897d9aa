/**
 * @jest-environment node
 */
import { EC2 } from '@aws-sdk/client-ec2';
import { IAM } from '@aws-sdk/client-iam';
import { startAwsEndpoint, AwsEndpoint } from '../server';
import { aws, requireAwsCli } from './aws-cli';
import { Scenario } from '../scenario';
import { greenScenario, CLUSTER_KEY, ROLE } from '../fixtures';

/**
 * Instance metadata options (DescribeInstances, CreateTags on IMDS-tagged instances) and the policy
 * simulator's resources and context (SimulatePrincipalPolicy), read by the real SDK clients and,
 * for the simulator's wire format, by the AWS CLI.
 */

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ ACCOUNT }:role/${ ROLE }`;
const CALLER_ARN = `arn:aws:iam::${ ACCOUNT }:user/rancher`;
const GROUPS = `arn:aws:ec2:us-east-1:${ ACCOUNT }:security-group/*`;
const GROUP = `arn:aws:ec2:us-east-1:${ ACCOUNT }:security-group/sg-cluster`;
const PASSED_TO_EC2 = {
  ContextKeyName: 'iam:PassedToService', ContextKeyValues: ['ec2.amazonaws.com'], ContextKeyType: 'string' as const
};

const endpoints: AwsEndpoint[] = [];
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

async function serve(scenario: Scenario): Promise<{ endpoint: AwsEndpoint, ec2: EC2, iam: IAM }> {
  const endpoint = await startAwsEndpoint(scenario);

  endpoints.push(endpoint);

  return {
    endpoint,
    ec2: new EC2({
      region: 'us-east-1', endpoint: endpoint.url, credentials, maxAttempts: 1
    }),
    iam: new IAM({
      region: 'us-east-1', endpoint: endpoint.url, credentials, maxAttempts: 1
    }),
  };
}

afterEach(async() => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

const instancesOf = async(ec2: EC2, ids?: string[]) => ((await ec2.describeInstances(ids ? { InstanceIds: ids } : {})).Reservations || []).flatMap((r) => r.Instances || []);

describe('instance metadata options', () => {
  it('gives EC2\'s defaults when the scenario sets none, and the scenario\'s when it does', async() => {
    const scenario = greenScenario();

    (scenario.instances || [])[1].MetadataOptions = {
      HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2, InstanceMetadataTags: 'enabled'
    };
    const { ec2 } = await serve(scenario);
    const [plain, set] = await instancesOf(ec2);

    expect(plain.MetadataOptions).toEqual({
      State: 'applied', HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled'
    });
    expect(set.MetadataOptions).toEqual({
      State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'enabled'
    });
  });

  it('gives a disabled endpoint as set', async() => {
    const scenario = greenScenario();

    (scenario.instances || [])[0].MetadataOptions = { HttpEndpoint: 'disabled' };
    const { ec2 } = await serve(scenario);
    const [instance] = await instancesOf(ec2, ['i-0000000000000001']);

    expect(instance.MetadataOptions).toMatchObject({
      HttpEndpoint: 'disabled', HttpTokens: 'optional', InstanceMetadataTags: 'disabled'
    });
  });
});

describe('createTags on an instance with tags in its metadata', () => {
  async function metadataTagged() {
    const scenario = greenScenario();

    (scenario.instances || [])[0].MetadataOptions = { InstanceMetadataTags: 'enabled' };

    return serve(scenario);
  }

  it('refuses a key with `/` and writes nothing, on any of the request\'s resources', async() => {
    const { ec2 } = await metadataTagged();
    const before = await instancesOf(ec2);
    const refused = ec2.createTags({
      Resources: ['i-0000000000000002', 'i-0000000000000001', 'subnet-1'],
      Tags:      [{ Key: 'Owner', Value: 'ops' }, { Key: 'kubernetes.io/cluster/c-m-new', Value: 'owned' }],
    });

    await expect(refused).rejects.toMatchObject({
      name:      'InvalidParameterValue',
      message:   expect.stringContaining('\'kubernetes.io/cluster/c-m-new\' is not a valid tag key'),
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    expect(await instancesOf(ec2)).toEqual(before);
    const subnet = (await ec2.describeSubnets({ SubnetIds: ['subnet-1'] })).Subnets?.[0];

    expect(subnet?.Tags).toEqual([{ Key: CLUSTER_KEY, Value: 'owned' }]);
  });

  it('refuses a key with a space and the reserved names too', async() => {
    const { ec2 } = await metadataTagged();

    for (const Key of ['Patch Group', '_index', '..']) {
      await expect(ec2.createTags({ Resources: ['i-0000000000000001'], Tags: [{ Key, Value: 'x' }] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    }
  });

  it('accepts KubernetesCluster on it, and a `/` key on an instance without tags in its metadata', async() => {
    const { ec2 } = await metadataTagged();

    await ec2.createTags({ Resources: ['i-0000000000000001'], Tags: [{ Key: 'KubernetesCluster', Value: 'c-m-abc12345' }] });
    await ec2.createTags({ Resources: ['i-0000000000000002'], Tags: [{ Key: 'kubernetes.io/cluster/c-m-new', Value: 'owned' }] });
    const [first, second] = await instancesOf(ec2);

    expect(first.Tags).toContainEqual({ Key: 'KubernetesCluster', Value: 'c-m-abc12345' });
    expect(second.Tags).toContainEqual({ Key: 'kubernetes.io/cluster/c-m-new', Value: 'owned' });
  });
});

describe('simulatePrincipalPolicy on resources', () => {
  function scoped(): Scenario {
    return {
      ...greenScenario(),
      simulation: {
        default:           'allowed',
        resourceDecisions: {
          'ec2:AuthorizeSecurityGroupIngress': { 'arn:aws:ec2:*:*:security-group/*': 'allowed' },
          'ec2:CreateTags':                    {
            'arn:aws:ec2:*:*:security-group/sg-denied':                       'explicitDeny',
            'arn:aws:ec2:us-east-1:123456789012:instance/i-????????????????': 'allowed',
          },
        },
      },
    };
  }

  it('decides a resource-scoped grant by the requested ARN: matched by the pattern, not for `*`', async() => {
    const { iam } = await serve(scoped());
    const onGroups = await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:DescribeInstances'], ResourceArns: [GROUPS]
    });
    const onAny = await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:AuthorizeSecurityGroupIngress'], ResourceArns: ['*']
    });
    const unscoped = await iam.simulatePrincipalPolicy({ PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:AuthorizeSecurityGroupIngress'] });

    expect(onGroups.EvaluationResults).toEqual([
      {
        EvalActionName:          'ec2:AuthorizeSecurityGroupIngress',
        EvalResourceName:        GROUPS,
        EvalDecision:            'allowed',
        MatchedStatements:       [],
        MissingContextValues:    [],
        ResourceSpecificResults: [{
          EvalResourceName: GROUPS, EvalResourceDecision: 'allowed', MatchedStatements: [], MissingContextValues: []
        }],
      },
      expect.objectContaining({
        EvalActionName: 'ec2:DescribeInstances', EvalResourceName: GROUPS, EvalDecision: 'allowed'
      }),
    ]);
    expect(onAny.EvaluationResults).toEqual([{
      EvalActionName: 'ec2:AuthorizeSecurityGroupIngress', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: []
    }]);
    expect(unscoped.EvaluationResults?.[0]).toMatchObject({ EvalResourceName: '*', EvalDecision: 'implicitDeny' });
    expect(unscoped.EvaluationResults?.[0].ResourceSpecificResults).toBeUndefined();
  });

  it('gives several resources one result per action with ResourceSpecificResults and the aggregate', async() => {
    const { iam } = await serve(scoped());
    const instance = `arn:aws:ec2:us-east-1:${ ACCOUNT }:instance/i-0000000000000001`;
    const denied = `arn:aws:ec2:us-east-1:${ ACCOUNT }:security-group/sg-denied`;
    const result = await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:CreateTags', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:DescribeSubnets'], ResourceArns: [instance, GROUP, denied]
    });
    const [createTags, ingress, describe] = result.EvaluationResults || [];

    expect(result.EvaluationResults).toHaveLength(3);
    expect(createTags.EvalDecision).toBe('explicitDeny');
    expect(createTags.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision])).toEqual([
      [instance, 'allowed'], [GROUP, 'implicitDeny'], [denied, 'explicitDeny'],
    ]);
    // Allowed on both groups, not on the instance: not allowed as a whole.
    expect(ingress.EvalDecision).toBe('implicitDeny');
    expect(ingress.ResourceSpecificResults?.map((r) => r.EvalResourceDecision)).toEqual(['implicitDeny', 'allowed', 'allowed']);
    // An action without per-resource decisions: the same answer on each.
    expect(describe.EvalDecision).toBe('allowed');
    expect(describe.ResourceSpecificResults).toHaveLength(3);
    expect(describe.ResourceSpecificResults?.[0]).toEqual({
      EvalResourceName: instance, EvalResourceDecision: 'allowed', MatchedStatements: [], MissingContextValues: []
    });
  });

  it('pages results per action with MaxItems and Marker', async() => {
    const { iam } = await serve(scoped());
    const first = await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:CreateTags', 'ec2:DescribeSubnets'], ResourceArns: [GROUP, GROUPS], MaxItems: 1
    });
    const second = await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:CreateTags', 'ec2:DescribeSubnets'], ResourceArns: [GROUP, GROUPS], MaxItems: 1, Marker: first.Marker
    });

    expect(first.IsTruncated).toBe(true);
    expect(first.EvaluationResults?.map((r) => r.EvalActionName)).toEqual(['ec2:CreateTags']);
    expect(second.IsTruncated).toBe(false);
    expect(second.EvaluationResults?.map((r) => [r.EvalActionName, r.ResourceSpecificResults?.length])).toEqual([['ec2:DescribeSubnets', 2]]);
  });

  it('matches the requested ARN literally: `?` is one character, a `*` in the ARN only itself', async() => {
    const { iam } = await serve(scoped());
    const decide = async(arn: string) => (await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:CreateTags'], ResourceArns: [arn]
    })).EvaluationResults?.[0].EvalDecision;

    expect(await decide(`arn:aws:ec2:us-east-1:${ ACCOUNT }:instance/i-0000000000000001`)).toBe('allowed');
    expect(await decide(`arn:aws:ec2:us-east-1:${ ACCOUNT }:instance/i-00000000000000012`)).toBe('implicitDeny');
    expect(await decide(`arn:aws:ec2:us-east-1:${ ACCOUNT }:instance/*`)).toBe('implicitDeny');
  });
});

describe('simulatePrincipalPolicy with context', () => {
  function conditional(): Scenario {
    return {
      ...greenScenario(),
      callerSimulation: { 'iam:PassRole': { decision: 'allowed', whenContext: { 'iam:PassedToService': 'ec2.amazonaws.com' } }, 'ec2:RunInstances': 'allowed' },
      simulation:       {
        decisions:         { 'ec2:RunInstances': { decision: 'explicitDeny', whenContext: { 'aws:RequestedRegion': 'eu-west-1' } } },
        resourceDecisions: { 'iam:PassRole': { [ROLE_ARN]: { decision: 'allowed', whenContext: { 'iam:PassedToService': 'ec2.amazonaws.com' } } } },
      },
    };
  }

  it('denies the caller\'s conditional PassRole without the context key and names it missing; allows it with it', async() => {
    const { iam } = await serve(conditional());
    const without = await iam.simulatePrincipalPolicy({
      PolicySourceArn: CALLER_ARN, ActionNames: ['iam:PassRole', 'ec2:RunInstances'], ResourceArns: [ROLE_ARN]
    });
    const withIt = await iam.simulatePrincipalPolicy({
      PolicySourceArn: CALLER_ARN, ActionNames: ['iam:PassRole'], ResourceArns: [ROLE_ARN], ContextEntries: [PASSED_TO_EC2]
    });
    const other = await iam.simulatePrincipalPolicy({
      PolicySourceArn: CALLER_ARN, ActionNames: ['iam:PassRole'], ResourceArns: [ROLE_ARN], ContextEntries: [{ ...PASSED_TO_EC2, ContextKeyValues: ['lambda.amazonaws.com'] }]
    });

    expect(without.EvaluationResults?.[0]).toEqual({
      EvalActionName:          'iam:PassRole',
      EvalResourceName:        ROLE_ARN,
      EvalDecision:            'implicitDeny',
      MatchedStatements:       [],
      MissingContextValues:    ['iam:PassedToService'],
      ResourceSpecificResults: [{
        EvalResourceName: ROLE_ARN, EvalResourceDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: ['iam:PassedToService']
      }],
    });
    expect(without.EvaluationResults?.[1]).toMatchObject({
      EvalActionName: 'ec2:RunInstances', EvalDecision: 'allowed', MissingContextValues: []
    });
    expect(withIt.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'allowed', MissingContextValues: [] });
    expect(other.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: [] });
  });

  it('applies conditions in the role simulation, per action and per resource', async() => {
    const { iam } = await serve(conditional());
    const plain = await iam.simulatePrincipalPolicy({ PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:RunInstances', 'iam:PassRole'] });
    const inRegion = await iam.simulatePrincipalPolicy({
      PolicySourceArn: ROLE_ARN,
      ActionNames:     ['ec2:RunInstances', 'iam:PassRole'],
      ResourceArns:    [ROLE_ARN, `arn:aws:iam::${ ACCOUNT }:role/other`],
      ContextEntries:  [{
        ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['us-east-1', 'eu-west-1'], ContextKeyType: 'stringList'
      }, PASSED_TO_EC2],
    });

    expect(plain.EvaluationResults).toEqual([
      expect.objectContaining({
        EvalActionName: 'ec2:RunInstances', EvalDecision: 'implicitDeny', MissingContextValues: ['aws:RequestedRegion']
      }),
      expect.objectContaining({
        EvalActionName: 'iam:PassRole', EvalDecision: 'implicitDeny', MissingContextValues: []
      }),
    ]);
    const [runInstances, passRole] = inRegion.EvaluationResults || [];

    expect(runInstances.EvalDecision).toBe('explicitDeny');
    expect(passRole.EvalDecision).toBe('implicitDeny');
    expect(passRole.ResourceSpecificResults?.map((r) => r.EvalResourceDecision)).toEqual(['allowed', 'implicitDeny']);
  });

  it('reports missing keys per resource when several resources are asked', async() => {
    const { iam } = await serve(conditional());
    const result = await iam.simulatePrincipalPolicy({
      PolicySourceArn: CALLER_ARN, ActionNames: ['iam:PassRole'], ResourceArns: [ROLE_ARN, `arn:aws:iam::${ ACCOUNT }:role/other`]
    });
    const [passRole] = result.EvaluationResults || [];

    expect(passRole.EvalDecision).toBe('implicitDeny');
    expect(passRole.MissingContextValues).toEqual([]);
    expect(passRole.ResourceSpecificResults?.map((r) => r.MissingContextValues)).toEqual([['iam:PassedToService'], ['iam:PassedToService']]);
  });

  it('keeps plain decisions and refusals as before', async() => {
    const { iam } = await serve(greenScenario());

    expect((await iam.simulatePrincipalPolicy({
      PolicySourceArn: CALLER_ARN, ActionNames: ['iam:PassRole'], ResourceArns: [ROLE_ARN]
    })).EvaluationResults?.[0].EvalDecision).toBe('allowed');
    await expect(iam.simulatePrincipalPolicy({ PolicySourceArn: ROLE_ARN, ActionNames: ['ec2:DescribeInstances'] })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('simulate-principal-policy through the AWS CLI', () => {
  it('sends --resource-arns and --context-entries as IAM reads them and parses the answer', async() => {
    requireAwsCli();
    const { endpoint } = await serve({
      ...greenScenario(),
      callerSimulation: { 'iam:PassRole': { decision: 'allowed', whenContext: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    });
    const other = `arn:aws:iam::${ ACCOUNT }:role/other`;
    const run = await aws(endpoint, ['iam', 'simulate-principal-policy', '--policy-source-arn', CALLER_ARN, '--action-names', 'iam:PassRole',
      '--resource-arns', ROLE_ARN, other, '--context-entries', 'ContextKeyName=iam:PassedToService,ContextKeyValues=ec2.amazonaws.com,ContextKeyType=string']);
    const without = await aws(endpoint, ['iam', 'simulate-principal-policy', '--policy-source-arn', CALLER_ARN, '--action-names', 'iam:PassRole', '--resource-arns', ROLE_ARN]);

    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).EvaluationResults).toEqual([{
      EvalActionName:          'iam:PassRole',
      EvalResourceName:        '*',
      EvalDecision:            'allowed',
      MatchedStatements:       [],
      MissingContextValues:    [],
      ResourceSpecificResults: [
        {
          EvalResourceName: ROLE_ARN, EvalResourceDecision: 'allowed', MatchedStatements: [], MissingContextValues: []
        },
        {
          EvalResourceName: other, EvalResourceDecision: 'allowed', MatchedStatements: [], MissingContextValues: []
        },
      ],
    }]);
    expect(endpoint.requests.find((r) => r.action === 'SimulatePrincipalPolicy')?.params).toMatchObject({
      'ResourceArns.member.2':                             other,
      'ContextEntries.member.1.ContextKeyName':            'iam:PassedToService',
      'ContextEntries.member.1.ContextKeyValues.member.1': 'ec2.amazonaws.com',
      'ContextEntries.member.1.ContextKeyType':            'string',
    });
    expect(JSON.parse(without.stdout).EvaluationResults[0]).toMatchObject({
      EvalResourceName: ROLE_ARN, EvalDecision: 'implicitDeny', MissingContextValues: ['iam:PassedToService']
    });
  });
});
