import { customTargets, emptyCustomFields } from '../custom-targets';

describe('a custom cluster\'s two role groups, from what its nodes use', () => {
  it('the control plane and etcd with the workers, each with its profile; the subnet and groups trimmed', () => {
    const targets = customTargets({
      region: 'us-east-1', controlplaneProfile: 'cp-profile', etcdWorkerProfile: 'worker-profile', subnetId: ' subnet-1 ', groups: 'sg-1, rancher-nodes,'
    }, (key) => key);

    expect(targets).toEqual([
      {
        name:   'awsCloudProvider.verify.customName.controlplane',
        roles:  ['controlplane'],
        config: {
          region: 'us-east-1', subnetId: 'subnet-1', securityGroup: ['sg-1', 'rancher-nodes'], iamInstanceProfile: 'cp-profile'
        }
      },
      {
        name:   'awsCloudProvider.verify.customName.etcdWorker',
        roles:  ['etcd', 'worker'],
        config: {
          region: 'us-east-1', subnetId: 'subnet-1', securityGroup: ['sg-1', 'rancher-nodes'], iamInstanceProfile: 'worker-profile'
        }
      },
    ]);
  });

  it('nothing entered: no region, no subnet, no groups', () => {
    expect(customTargets(emptyCustomFields(), (key) => key)[0].config).toEqual({
      region: undefined, subnetId: undefined, securityGroup: [], iamInstanceProfile: ''
    });
  });
});
