import {
  instanceIdsOfNodes, isControlPlaneNode, matchNodes, nodeFindings, nodeLookup, regionOfZone
} from '../nodes';

const TAG = [{ Key: 'kubernetes.io/cluster/c1', Value: 'owned' }];

describe('nodes to instances, as the provider maps them', () => {
  // mirrors KubernetesInstanceID.MapToAWSInstanceID (instances.go) and nodeNameToInstanceID (aws.go)
  it.each([
    ['aws:///<zone>/i-…', { name: 'ip-10-0-0-1.ec2.internal', providerID: 'aws:///us-east-1a/i-0abc123' }, {
      instanceId: 'i-0abc123', zone: 'us-east-1a', hasProviderId: true
    }],
    ['aws:////i-… (no zone)', { name: 'n', providerID: 'aws:////i-0abc123' }, {
      instanceId: 'i-0abc123', zone: undefined, hasProviderId: true
    }],
    ['a bare i-… providerID', { name: 'n', providerID: 'i-0abc123' }, { instanceId: 'i-0abc123', hasProviderId: true }],
    ['a providerID of another provider', { name: 'worker-1', providerID: 'rke2://worker-1' }, { foreignProviderId: true, hasProviderId: true }],
    ['an i- name, up to its first dot', { name: 'i-0def456.us-west-2.compute.internal' }, { instanceId: 'i-0def456', hasProviderId: false }],
    ['any other name: the private DNS name', { name: 'ip-10-0-0-1.ec2.internal', addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] }, { privateDnsName: 'ip-10-0-0-1.ec2.internal', hasProviderId: false }],
  ])('%s', (_case, node, expected) => {
    expect(nodeLookup(node)).toEqual(expected);
  });

  const instances = [
    {
      InstanceId: 'i-1', PrivateDnsName: 'ip-10-0-0-1.ec2.internal', PrivateIpAddress: '10.0.0.1', Tags: TAG
    },
    {
      InstanceId: 'i-2', PrivateDnsName: 'ip-10-0-0-2.ec2.internal', PrivateIpAddress: '10.0.0.2', Tags: TAG, State: { Name: 'terminated' }
    },
    {
      InstanceId: 'i-3', PrivateDnsName: 'ip-10-0-0-3.ec2.internal', PrivateIpAddress: '10.0.0.3'
    },
  ];

  // mirrors findInstanceByNodeName (aws.go): private-dns-name among live instances with the cluster tag; addresses unused
  it.each([
    ['providerID', { name: 'x', providerID: 'aws:///us-east-1a/i-1' }, 'i-1', 'pass', 'check.nodeInstance.ok'],
    ['providerID of a missing instance', { name: 'gone', providerID: 'aws:///us-east-1a/i-9' }, undefined, 'fail', 'check.nodeInstance.notFound'],
    ['no providerID, name = private DNS name', { name: 'ip-10-0-0-1.ec2.internal' }, 'i-1', 'warn', 'check.nodeInstance.noProviderId'],
    ['no providerID, name of a terminated instance', { name: 'ip-10-0-0-2.ec2.internal' }, undefined, 'fail', 'check.nodeInstance.neverInitialised'],
    ['no providerID, name of an untagged instance', { name: 'ip-10-0-0-3.ec2.internal' }, undefined, 'fail', 'check.nodeInstance.neverInitialised'],
    // The old rule matched this node by its InternalDNS/InternalIP address and passed it.
    ['no providerID, custom name, matching address', { name: 'custom-2', addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalDNS', address: 'ip-10-0-0-1.ec2.internal' }] }, undefined, 'fail', 'check.nodeInstance.neverInitialised'],
    ['a foreign providerID', { name: 'w', providerID: 'rke2://w' }, undefined, 'fail', 'check.nodeInstance.foreignProviderId'],
  ])('out-of-tree: %s', (_case, node, instanceId, status, key) => {
    const [match] = matchNodes([node], instances, 'c1');
    const [finding] = nodeFindings([match], { outOfTree: true });

    expect(match.instance?.InstanceId).toBe(instanceId);
    expect([finding.status, finding.message.key]).toEqual([status, key]);
  });

  it('in-tree, a node the provider cannot find by name says so without the initialisation taint', () => {
    expect(nodeFindings(matchNodes([{ name: 'custom-2' }], instances, 'c1'), { outOfTree: false })[0].message.key).toBe('check.nodeInstance.notFoundByName');
  });

  it('derives the region from a zone', () => {
    expect(regionOfZone('us-east-1a')).toBe('us-east-1');
    expect(regionOfZone('us-gov-west-1b')).toBe('us-gov-west-1');
    expect(regionOfZone('us-west-2-lax-1a')).toBe('us-west-2');
    expect(regionOfZone(undefined)).toBeUndefined();
  });

  it('checks each instance once, whether named by a node or found by its name', () => {
    expect(instanceIdsOfNodes([{ instanceId: 'i-1', hasProviderId: true }, { privateDnsName: 'x', hasProviderId: false }, { instanceId: 'i-1', hasProviderId: true }], [{ InstanceId: 'i-2' }, { InstanceId: 'i-1' }])).toEqual(['i-1', 'i-2']);
  });

  it('knows control-plane nodes by their role labels', () => {
    expect(isControlPlaneNode({ name: 'a', labels: { 'node-role.kubernetes.io/control-plane': 'true' } })).toBe(true);
    expect(isControlPlaneNode({ name: 'b', labels: { 'node-role.kubernetes.io/worker': 'true' } })).toBe(false);
  });
});
