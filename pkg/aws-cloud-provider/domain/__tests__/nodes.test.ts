import {
  instanceIdsOfNodes, matchNodes, nodeFindings, nodeLookup, regionOfZone
} from '../nodes';

describe('nodes to instances', () => {
  it('reads the instance ID from the providerID, else from an i- name', () => {
    expect(nodeLookup({ name: 'ip-10-0-0-1.ec2.internal', providerID: 'aws:///us-east-1a/i-0abc123' })).toEqual({ instanceId: 'i-0abc123', zone: 'us-east-1a' });
    expect(nodeLookup({ name: 'i-0def456' })).toEqual({ instanceId: 'i-0def456' });
    expect(nodeLookup({
      name: 'worker-1', providerID: 'rke2://worker-1', addresses: [{ type: 'InternalIP', address: '10.0.0.9' }]
    })).toEqual({ privateDnsName: undefined, internalIp: '10.0.0.9' });
  });

  it('matches by private DNS name, then internal IP', () => {
    const instances = [
      {
        InstanceId: 'i-1', PrivateDnsName: 'ip-10-0-0-1.ec2.internal', PrivateIpAddress: '10.0.0.1'
      },
      {
        InstanceId: 'i-2', PrivateDnsName: 'ip-10-0-0-2.ec2.internal', PrivateIpAddress: '10.0.0.2'
      },
    ];
    const matches = matchNodes([
      { name: 'ip-10-0-0-1.ec2.internal' },
      { name: 'custom-2', addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] },
      { name: 'gone', providerID: 'aws:///us-east-1a/i-9' },
    ], instances);

    expect(matches.map((m) => [m.instance?.InstanceId, m.by])).toEqual([['i-1', 'privateDnsName'], ['i-2', 'internalIp'], [undefined, undefined]]);
    expect(nodeFindings(matches).map((f) => f.status)).toEqual(['pass', 'warn', 'fail']);
  });

  it('derives the region from a zone', () => {
    expect(regionOfZone('us-east-1a')).toBe('us-east-1');
    expect(regionOfZone('us-gov-west-1b')).toBe('us-gov-west-1');
    expect(regionOfZone('us-west-2-lax-1a')).toBe('us-west-2');
    expect(regionOfZone(undefined)).toBeUndefined();
  });
});

it('checks each instance once, whether named by a node or found by address', () => {
  expect(instanceIdsOfNodes([{ instanceId: 'i-1' }, { privateDnsName: 'x' }, { instanceId: 'i-1' }], [{ InstanceId: 'i-2' }, { InstanceId: 'i-1' }])).toEqual(['i-1', 'i-2']);
});
