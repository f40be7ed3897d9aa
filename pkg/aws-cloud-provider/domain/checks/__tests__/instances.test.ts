import {
  checkInstanceClusterId, checkInstanceClusterTag, checkInstanceGroups, checkInstanceMetadata, checkInstanceVpcs, instanceGroupsChecker, instancesUnknown
} from '../instances';
import { providerContext } from '../../provider';
import { Ec2Instance, failed, ok } from '../../facts';

const CLUSTER = 'c-m-abc';
const OURS = { Key: `kubernetes.io/cluster/${ CLUSTER }`, Value: 'owned' };
const OTHER = { Key: 'kubernetes.io/cluster/c-m-old', Value: 'owned' };
const profileArn = (name: string) => `arn:aws:iam::123456789012:instance-profile/${ name }`;
const instance = (over: Partial<Ec2Instance> = {}): Ec2Instance => ({
  InstanceId: 'i-1', Tags: [OURS], IamInstanceProfile: { Arn: profileArn('cp') }, VpcId: 'vpc-1', SubnetId: 'subnet-1', ...over
});
const hints = { controlPlane: { profiles: ['cp'], otherProfiles: ['worker'] } };

describe('instance.cluster-id, where the provider reads the instance (findClusterIDs / initFromTags, tags.go; newAWSCloud2, aws.go)', () => {
  it.each([
    // The old verdict warned from 1.27 on every node: the cloud-controller-manager's host does not start.
    ['control-plane host, two cluster tags, v1.28 (out-of-tree)', 'v1.28.9', 'cp', [OURS, OTHER], 'fail'],
    ['worker, two cluster tags, v1.28: harmless to the provider', 'v1.28.9', 'worker', [OURS, OTHER], 'warn'],
    // The old verdict failed a worker when no version was given.
    ['worker, two cluster tags, no version (assumed out-of-tree)', undefined, 'worker', [OURS, OTHER], 'warn'],
    ['unknown role, two cluster tags, v1.28: could not verify', 'v1.28.9', 'mystery', [OURS, OTHER], 'unknown'],
    ['worker, two cluster tags, v1.26 (in-tree: every kubelet reads it)', 'v1.26.15', 'worker', [OURS, OTHER], 'fail'],
    ['control-plane host, legacy tag disagrees, v1.30', 'v1.30.1', 'cp', [OURS, { Key: 'KubernetesCluster', Value: 'c-m-old' }], 'fail'],
    ['control-plane host, one cluster tag', 'v1.30.1', 'cp', [OURS], 'pass'],
    ['control-plane host, no cluster tag', 'v1.30.1', 'cp', [], 'fail'],
    ['worker, no cluster tag (instance.cluster-tag fails it)', 'v1.30.1', 'worker', [], 'warn'],
  ])('%s', (_case, version, profile, tags, status) => {
    const context = providerContext({ kubernetesVersion: version, ...hints });
    const subject = instance({ Tags: tags, IamInstanceProfile: { Arn: profileArn(profile) } });

    expect(checkInstanceClusterId(subject, { clusterId: CLUSTER }, context.readsOwnInstance(subject)).status).toBe(status);
  });

  it('uses the exact control-plane instances when the nodes\' labels give them', () => {
    const context = providerContext({ kubernetesVersion: 'v1.30.1', controlPlane: { instanceIds: ['i-cp'] } });

    expect(context.readsOwnInstance(instance({ InstanceId: 'i-cp' }))).toBe('yes');
    expect(context.readsOwnInstance(instance({ InstanceId: 'i-w' }))).toBe('no');
  });
});

describe('instance.metadata (getRegionFromMetadata / buildSelfAWSInstance, aws.go)', () => {
  it.each([
    ['endpoint disabled on the control-plane host', 'cp', { HttpEndpoint: 'disabled' }, 'fail', 'check.metadata.disabled'],
    ['endpoint disabled on a worker, out-of-tree: not read there', 'worker', { HttpEndpoint: 'disabled' }, 'pass', 'check.metadata.disabledUnused'],
    ['endpoint disabled, membership unknown', 'mystery', { HttpEndpoint: 'disabled' }, 'unknown', 'check.metadata.disabled'],
    ['IMDSv2 required, hop limit 1, on the host', 'cp', {
      HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1
    }, 'warn', 'check.metadata.hopLimit'],
    ['IMDSv2 required, hop limit 2', 'cp', {
      HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2
    }, 'pass', 'check.metadata.ok'],
    ['tags in metadata', 'cp', { HttpEndpoint: 'enabled', InstanceMetadataTags: 'enabled' }, 'pass', 'check.metadata.tagsInMetadata'],
  ])('%s', (_case, profile, options, status, key) => {
    const context = providerContext({ kubernetesVersion: 'v1.30.1', ...hints });
    const subject = instance({ IamInstanceProfile: { Arn: profileArn(profile) }, MetadataOptions: options });
    const finding = checkInstanceMetadata(subject, context.readsOwnInstance(subject), context);

    expect([finding?.status, finding?.message.key]).toEqual([status, key]);
  });

  it('in-tree, the hop limit does not matter: the provider runs in host processes', () => {
    const context = providerContext({ kubernetesVersion: 'v1.25.16', ...hints });
    const host = instance({
      MetadataOptions: {
        HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1
      }
    });

    expect(checkInstanceMetadata(host, context.readsOwnInstance(host), context)?.status).toBe('pass');
  });

  it('in-tree, a disabled endpoint fails on every node', () => {
    const context = providerContext({ kubernetesVersion: 'v1.25.16', ...hints });
    const worker = instance({ IamInstanceProfile: { Arn: profileArn('worker') }, MetadataOptions: { HttpEndpoint: 'disabled' } });

    expect(checkInstanceMetadata(worker, context.readsOwnInstance(worker), context)?.status).toBe('fail');
  });
});

describe('instance.cluster-tag fix (tags.go; EC2 refuses "/" keys where instance tags are in metadata)', () => {
  it('proposes the legacy KubernetesCluster key on an instance whose metadata exposes tags', () => {
    const fix = checkInstanceClusterTag(instance({ Tags: [], MetadataOptions: { InstanceMetadataTags: 'enabled' } }), { clusterId: CLUSTER }).fix;

    expect(fix?.tag).toEqual({
      resourceIds: ['i-1'], key: 'KubernetesCluster', value: CLUSTER
    });
    expect(fix?.command).toContain('Key=KubernetesCluster,Value=c-m-abc');
  });

  it('proposes kubernetes.io/cluster/<ID> elsewhere', () => {
    expect(checkInstanceClusterTag(instance({ Tags: [] }), { clusterId: CLUSTER }).fix?.tag?.key).toBe(`kubernetes.io/cluster/${ CLUSTER }`);
  });
});

describe('instance.vpc (findVPCID / findSubnets, aws.go: only the controller\'s VPC)', () => {
  it('warns for nodes outside the controller\'s VPC', () => {
    const findings = checkInstanceVpcs([instance(), instance({ InstanceId: 'i-2', VpcId: 'vpc-2' })], {
      vpcIds: ['vpc-1'], subnetIds: ['subnet-1'], known: true
    });

    expect(findings.map((f) => [f.resource, f.status])).toEqual([['vpc-1', 'pass'], ['i-2', 'warn']]);
  });

  it('says nothing when the controller\'s VPC is only guessed', () => {
    expect(checkInstanceVpcs([instance({ VpcId: 'vpc-2' })], {
      vpcIds: ['vpc-1'], subnetIds: [], known: false
    })).toEqual([]);
  });
});

it('lists every instance check as unknown when the instances could not be read', () => {
  const findings = instancesUnknown('*', failed({
    operation: 'DescribeInstances', code: 'UnauthorizedOperation', message: 'no'
  }));

  expect(findings.map((f) => [f.id, f.status])).toEqual([
    ['instance.cluster-tag', 'unknown'], ['instance.cluster-id', 'unknown'], ['instance.instance-profile', 'unknown'], ['instance.security-groups', 'unknown'], ['instance.metadata', 'unknown'],
  ]);
});

describe('instance.security-groups, decided once per set of attached groups (findSecurityGroupForInstance, aws.go)', () => {
  const tagged = ok(new Map([['sg-tagged', [OURS]], ['sg-other-tagged', [OURS]]]));
  const inputs = { clusterId: CLUSTER, region: 'us-east-1' };
  const groups = (...ids: string[]) => ids.map((id) => ({ GroupId: id, GroupName: `${ id }-name` }));

  it.each([
    ['one tagged group', groups('sg-tagged', 'sg-plain'), 'pass', 'check.securityGroups.tagged'],
    ['two tagged groups', groups('sg-tagged', 'sg-other-tagged'), 'fail', 'check.securityGroups.multipleTagged'],
    ['one untagged group', groups('sg-plain'), 'warn', 'check.securityGroups.untaggedFallback'],
    ['two untagged groups', groups('sg-plain', 'sg-plain-2'), 'fail', 'check.securityGroups.multipleUntagged'],
    ['no group', [], 'warn', 'check.securityGroups.none'],
  ])('%s: the verdict checkInstanceGroups gives, on each instance\'s own resource', (_, attached, status, key) => {
    const groupsOf = instanceGroupsChecker(inputs, tagged);
    const [first, second] = ['i-1', 'i-2'].map((id) => groupsOf(instance({ InstanceId: id, SecurityGroups: attached })));

    expect([first.status, first.message.key]).toEqual([status, key]);
    expect(first).toEqual(checkInstanceGroups(instance({ InstanceId: 'i-1', SecurityGroups: attached }), inputs, tagged));
    expect([first.resource, second.resource]).toEqual(['i-1', 'i-2']);
    expect(second.message).toEqual(first.message);
  });

  it('tells sets apart by every group, and by their names as the message shows them', () => {
    const groupsOf = instanceGroupsChecker(inputs, tagged);
    const say = (attached: { GroupId: string, GroupName: string }[]) => {
      const found = groupsOf(instance({ SecurityGroups: attached }));

      return `${ found.status } ${ JSON.stringify(found.message.args) }`;
    };

    expect([
      say(groups('sg-tagged')), say(groups('sg-tagged', 'sg-other-tagged')), say([{ GroupId: 'sg-tagged', GroupName: 'renamed' }]), say(groups('sg-tagged')),
    ]).toEqual([
      'pass {"group":"sg-tagged (sg-tagged-name)"}', 'fail {"groups":"sg-tagged (sg-tagged-name), sg-other-tagged (sg-other-tagged-name)"}', 'pass {"group":"sg-tagged (renamed)"}', 'pass {"group":"sg-tagged (sg-tagged-name)"}',
    ]);
  });

  it('is unknown for every instance when the tagged groups could not be read', () => {
    const groupsOf = instanceGroupsChecker(inputs, failed({
      operation: 'DescribeSecurityGroups', code: 'UnauthorizedOperation', message: 'no'
    }));

    expect(['i-1', 'i-2'].map((id) => groupsOf(instance({ InstanceId: id, SecurityGroups: groups('sg-tagged') }))).map((f) => [f.resource, f.status])).toEqual([['i-1', 'unknown'], ['i-2', 'unknown']]);
  });
});
