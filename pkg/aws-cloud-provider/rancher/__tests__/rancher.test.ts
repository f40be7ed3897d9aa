/**
 * @jest-environment node
 */
import {
  clusterIdFromPoolTags, managementClusterId, poolCheckInputs, regionFor, FALLBACK_REGION
} from '../aws-access';
import { clusterKind, usesAmazonCloudProvider } from '../cluster';
import { ancestorsOf, poolsFromEditor, poolsFromSavedCluster, toPoolView } from '../machine-pools';
import { toKubeNode } from '../../verification/kube-objects';

describe('reading the cluster page', () => {
  it('tells Amazon EC2, custom and other clusters apart', () => {
    expect(clusterKind('amazonec2', undefined, false)).toBe('amazonec2');
    expect(clusterKind('vmwarevsphere', undefined, false)).toBe('other');
    expect(clusterKind(null, 'amazonec2', true)).toBe('amazonec2');
    expect(clusterKind(null, 'custom', true)).toBe('custom');
    expect(clusterKind(null, undefined, false)).toBe('custom');
    expect(usesAmazonCloudProvider('aws')).toBe(true);
    expect(usesAmazonCloudProvider('external')).toBe(true);
    expect(usesAmazonCloudProvider('')).toBe(false);
  });

  it('finds the editor pools on an ancestor and drops removed ones', () => {
    const editor = { machinePools: [{ pool: { name: 'a', workerRole: true }, config: { region: 'eu-west-1' } }, { pool: { name: 'b' }, remove: true }] };
    const child = { $parent: { $parent: editor } };

    expect(poolsFromEditor(ancestorsOf(child))).toEqual([{
      name: 'a', roles: ['worker'], config: { region: 'eu-west-1' }, editable: true
    }]);
    expect(poolsFromEditor(ancestorsOf({}))).toBeUndefined();
  });

  it('reads saved amazonec2 configs by namespace and name', async() => {
    const cluster = {
      metadata: { namespace: 'fleet-default', name: 'c' },
      spec:     {
        rkeConfig: {
          machinePools: [{
            name: 'cp', controlPlaneRole: true, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-cp' }
          }, {
            name: 'v', workerRole: true, machineConfigRef: { kind: 'VmwarevsphereConfig', name: 'nc-v' }
          }]
        }
      }
    };
    const asked: string[] = [];
    const pools = await poolsFromSavedCluster(cluster, (id) => {
      asked.push(id);

      return Promise.resolve({ iamInstanceProfile: 'p' });
    });

    expect(asked).toEqual(['fleet-default/nc-cp']);
    expect(pools).toEqual([toPoolView({ name: 'cp', controlPlaneRole: true }, { iamInstanceProfile: 'p' }), {
      name: 'v', roles: ['worker'], config: undefined
    }]);
  });
});

describe('AWS through Rancher', () => {
  const pool = {
    name:   'p',
    roles:  ['worker' as const],
    config: {
      region: 'eu-central-1', subnetId: 'subnet-1', securityGroup: ['rancher-nodes'], vpcId: 'vpc-1', iamInstanceProfile: 'w', tags: 'a,b'
    }
  };

  it('takes the pool region, else the credential default, else Rancher\'s', () => {
    expect(regionFor(pool, {
      id: 'c', name: 'c', defaultRegion: 'us-east-2'
    })).toBe('eu-central-1');
    expect(regionFor({ ...pool, config: {} }, {
      id: 'c', name: 'c', defaultRegion: 'us-east-2'
    })).toBe('us-east-2');
    expect(regionFor(undefined, undefined)).toBe(FALLBACK_REGION);
  });

  it('turns a pool into check inputs', () => {
    expect(poolCheckInputs(pool, 'c-m-1', 'eu-central-1', 'v1.30.0')).toEqual({
      clusterId: 'c-m-1', region: 'eu-central-1', roles: ['worker'], instanceProfileName: 'w', subnetIds: ['subnet-1'], securityGroupIds: ['rancher-nodes'], vpcId: 'vpc-1', instanceIds: [], kubernetesVersion: 'v1.30.0'
    });
  });

  it('uses the cluster ID of the pools\' own cluster tag, when they agree', () => {
    expect(clusterIdFromPoolTags([{ ...pool, config: { tags: 'kubernetes.io/cluster/mine,owned,team,x' } }])).toBe('mine');
    expect(clusterIdFromPoolTags([pool])).toBeUndefined();
    expect(managementClusterId({ status: { clusterName: 'c-m-9' } })).toBe('c-m-9');
  });

  it('reads steve nodes', () => {
    expect(toKubeNode({ metadata: { name: 'n' }, spec: { providerID: 'aws:///z/i-1' } })).toEqual({
      name: 'n', providerID: 'aws:///z/i-1', addresses: [], labels: {}
    });
  });
});
