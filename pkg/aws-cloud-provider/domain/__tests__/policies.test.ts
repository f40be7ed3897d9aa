import { readFileSync } from 'fs';
import { join } from 'path';
import {
  actionsForRole, actionsForRoles, allowedActionsOf, policyForRoles, policyJson, upstreamOnlyActions, ec2TrustPolicy, POLICY_VARIANTS, UPSTREAM_CONTROLPLANE_EXTRA_ACTIONS
} from '../policies';

/** The two policies exactly as Rancher's page prints them, read from the seed reference. */
function seedPolicies(): { controlplane: string[], node: string[] } {
  const page = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'rancher-2.6-amazon-cloud-provider.md'), 'utf8');
  const blocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));

  return { controlplane: blocks[0].Statement[0].Action, node: blocks[1].Statement[0].Action };
}

const seedAvailable = (() => {
  try {
    seedPolicies();

    return true;
  } catch {
    return false;
  }
})();

describe('role policies', () => {
  (seedAvailable ? it : it.skip)('match the seed page exactly, with the duplicate AddTags listed once', () => {
    const seed = seedPolicies();

    expect(seed.controlplane.filter((a) => a === 'elasticloadbalancing:AddTags')).toHaveLength(2);
    expect(actionsForRole('controlplane')).toEqual([...new Set(seed.controlplane)]);
    expect(actionsForRole('etcd')).toEqual(seed.node);
    expect(actionsForRole('worker')).toEqual(seed.node);
  });

  it('counts 53 control-plane actions and 9 node actions in the Rancher variant', () => {
    expect(actionsForRole('controlplane')).toHaveLength(53);
    expect(new Set(actionsForRole('controlplane').map((a) => a.toLowerCase())).size).toBe(53);
    expect(actionsForRole('worker')).toHaveLength(9);
  });

  it('adds exactly the four upstream actions for the control plane in the upstream variant', () => {
    const upstream = actionsForRole('controlplane', 'upstream');
    const rancher = actionsForRole('controlplane', 'rancher');

    expect(upstream.filter((a) => !rancher.includes(a)).sort()).toEqual([
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInstanceTopology',
      'elasticloadbalancing:DeregisterTargets',
      'elasticloadbalancing:SetSecurityGroups',
    ]);
    expect(actionsForRole('worker', 'upstream')).toEqual(actionsForRole('worker', 'rancher'));
  });

  it('reports the variant difference only for pools that hold the control plane', () => {
    expect(upstreamOnlyActions(['etcd', 'worker'])).toEqual([]);
    expect(upstreamOnlyActions(['controlplane', 'worker']).sort()).toEqual([...UPSTREAM_CONTROLPLANE_EXTRA_ACTIONS].sort());
  });
});

describe('policy for a pool', () => {
  it('is the deduplicated, sorted union of its roles', () => {
    const all = actionsForRoles(['controlplane', 'etcd', 'worker']);

    expect(all).toHaveLength(53 + 9 - 2); // DescribeInstances and DescribeRegions are in both
    expect(all).toEqual([...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(all).toContain('ecr:BatchGetImage');
    expect(all).toContain('kms:DescribeKey');
    expect(actionsForRoles(['etcd', 'worker'])).toEqual([...actionsForRole('worker')].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('is one valid policy document that survives a JSON round trip', () => {
    const json = policyJson(policyForRoles(['controlplane', 'worker'], 'upstream'));
    const parsed = JSON.parse(json);

    expect(parsed.Version).toBe('2012-10-17');
    expect(parsed.Statement).toHaveLength(1);
    expect(parsed.Statement[0]).toEqual({
      Effect: 'Allow', Action: actionsForRoles(['controlplane', 'worker'], 'upstream'), Resource: '*'
    });
  });

  it('gives an empty action list for a pool with no roles', () => {
    expect(actionsForRoles([])).toEqual([]);
  });
});

describe('variants and the actions a document allows', () => {
  it('offers the recommended policy first, the published lists as alternatives', () => {
    expect(POLICY_VARIANTS).toEqual(['recommended', 'rancher', 'upstream']);
  });

  it('reads the Allow statements\' actions, once each, ignoring Deny and NotAction', () => {
    expect(allowedActionsOf({
      Version:   '2012-10-17',
      Statement: [
        {
          Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ecr:BatchGetImage'], Resource: '*'
        },
        {
          Effect: 'Allow', Action: 'EC2:describeinstances', Resource: '*'
        },
        {
          Effect: 'Deny', Action: 'ec2:CreateTags', Resource: '*'
        },
        {
          Effect: 'Allow', NotAction: '*', Resource: '*'
        },
      ],
    })).toEqual(['EC2:describeinstances', 'ecr:BatchGetImage']);
    expect(allowedActionsOf(policyForRoles(['worker']))).toEqual(actionsForRoles(['worker']));
  });
});

describe('EC2 trust policy', () => {
  it('lets ec2.amazonaws.com assume the role', () => {
    expect(ec2TrustPolicy().Statement).toEqual([{
      Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole'
    }]);
  });
});
