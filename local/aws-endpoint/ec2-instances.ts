/**
 * EC2's instance family: DescribeInstances (filters, pages, IMDS options), DescribeInstanceTypes
 * (the machine-pool form's list) and CreateTags (all or nothing, IMDS tag keys refused as EC2
 * refuses them).
 */

import { ScenarioInstance, ScenarioInstanceType, ScenarioTag } from './scenario';
import {
  AwsFault, Ec2Handler, ec2List, ec2Page, ec2Response, el, fieldMatches, items, raw, strings, tagMatches, tagSet
} from './query-protocol';

/** DescribeInstanceTypes when the scenario names none: common types, with the dashboard's default (t3a.medium). */
export const DEFAULT_INSTANCE_TYPES: ScenarioInstanceType[] = [
  {
    InstanceType: 't3.micro', VCpus: 2, MemoryMiB: 1024, FreeTierEligible: true
  },
  {
    InstanceType: 't3.medium', VCpus: 2, MemoryMiB: 4096
  },
  {
    InstanceType: 't3a.medium', VCpus: 2, MemoryMiB: 4096
  },
  {
    InstanceType: 't4g.medium', VCpus: 2, MemoryMiB: 4096, Architectures: ['arm64']
  },
  {
    InstanceType: 'm5.large', VCpus: 2, MemoryMiB: 8192
  },
  {
    InstanceType: 'm5d.large',
    VCpus:        2,
    MemoryMiB:    8192,
    Storage:      {
      SizeGB: 75, Type: 'ssd', NvmeSupport: 'required'
    }
  },
  {
    InstanceType: 'm6i.xlarge', VCpus: 4, MemoryMiB: 16384
  },
  {
    InstanceType: 'm6g.large', VCpus: 2, MemoryMiB: 8192, Architectures: ['arm64']
  },
  {
    InstanceType: 'c5.xlarge', VCpus: 4, MemoryMiB: 8192
  },
  {
    InstanceType: 'r5.large', VCpus: 2, MemoryMiB: 16384
  },
];

/**
 * An instance as EC2 describes one that Rancher launched: the fields the checks read and the rest
 * of EC2's Instance (image, launch, network interface, root volume, options), so that what a
 * client parses and keeps per instance is as large as with the real service.
 */
function instanceXml(instance: ScenarioInstance, account: string): string {
  const state = instance.State || 'running';
  const suffix = instance.InstanceId.slice(2);
  const groups = items('groupSet', instance.SecurityGroups || [], (g) => el('groupId', g.GroupId) + el('groupName', g.GroupName));
  const launched = '2026-11-02T09:14:07.000Z';

  return el('instanceId', instance.InstanceId) + el('imageId', 'ami-0c7217cdde317cfec') +
    raw('instanceState', el('code', state === 'running' ? 16 : 80) + el('name', state)) +
    el('privateDnsName', instance.PrivateDnsName) + el('dnsName', '') + el('reason', '') + el('keyName', 'rancher-nodes') + el('amiLaunchIndex', 0) +
    raw('productCodes', '') + el('instanceType', 't3.medium') + el('launchTime', launched) +
    raw('placement', el('availabilityZone', instance.AvailabilityZone || 'us-east-1a') + el('groupName', '') + el('tenancy', 'default')) +
    raw('monitoring', el('state', 'disabled')) + el('subnetId', instance.SubnetId) + el('vpcId', instance.VpcId) +
    el('privateIpAddress', instance.PrivateIpAddress) + el('sourceDestCheck', true) + groups + el('architecture', 'x86_64') +
    el('rootDeviceType', 'ebs') + el('rootDeviceName', '/dev/sda1') +
    items('blockDeviceMapping', [suffix], (id) => el('deviceName', '/dev/sda1') + raw('ebs', el('volumeId', `vol-${ id }`) + el('status', 'attached') + el('attachTime', launched) + el('deleteOnTermination', true))) +
    el('virtualizationType', 'hvm') + el('clientToken', `rancher-${ suffix }`) + tagSet(instance.Tags) + el('hypervisor', 'xen') +
    items('networkInterfaceSet', [suffix], (id) => el('networkInterfaceId', `eni-${ id }`) + el('subnetId', instance.SubnetId) + el('vpcId', instance.VpcId) +
      el('description', '') + el('ownerId', account) + el('status', 'in-use') + el('macAddress', '0e:5d:3a:7c:21:9f') + el('privateIpAddress', instance.PrivateIpAddress) +
      el('privateDnsName', instance.PrivateDnsName) + el('sourceDestCheck', true) + groups +
      raw('attachment', el('attachmentId', `eni-attach-${ id }`) + el('deviceIndex', 0) + el('status', 'attached') + el('attachTime', launched) + el('deleteOnTermination', true) + el('networkCardIndex', 0)) +
      items('privateIpAddressesSet', [instance.PrivateIpAddress], (ip) => el('privateIpAddress', ip) + el('privateDnsName', instance.PrivateDnsName) + el('primary', true)) +
      raw('ipv6AddressesSet', '') + el('interfaceType', 'interface')) +
    (instance.InstanceProfile ? raw('iamInstanceProfile', el('arn', `arn:aws:iam::${ account }:instance-profile/${ instance.InstanceProfile }`) + el('id', `AIPA${ instance.InstanceProfile.toUpperCase().replace(/[^A-Z0-9]/g, '') }`)) : '') +
    el('ebsOptimized', false) + el('enaSupport', true) + raw('cpuOptions', el('coreCount', 1) + el('threadsPerCore', 2)) +
    raw('capacityReservationSpecification', el('capacityReservationPreference', 'open')) + raw('hibernationOptions', el('configured', false)) +
    metadataOptionsXml(instance) + raw('enclaveOptions', el('enabled', false)) + el('bootMode', 'uefi-preferred') + el('platformDetails', 'Linux/UNIX') +
    el('usageOperation', 'RunInstances') + el('usageOperationUpdateTime', launched) +
    raw('privateDnsNameOptions', el('hostnameType', 'ip-name') + el('enableResourceNameDnsARecord', false) + el('enableResourceNameDnsAAAARecord', false)) +
    raw('maintenanceOptions', el('autoRecovery', 'default')) + el('currentInstanceBootMode', 'legacy-bios');
}

/** The instance's IMDS options as EC2 gives them (InstanceMetadataOptionsResponse), with EC2's defaults. */
function metadataOptionsXml(instance: ScenarioInstance): string {
  const options = instance.MetadataOptions || {};

  return raw('metadataOptions', el('state', 'applied') + el('httpTokens', options.HttpTokens || 'optional') + el('httpPutResponseHopLimit', options.HttpPutResponseHopLimit ?? 1) +
    el('httpEndpoint', options.HttpEndpoint || 'enabled') + el('httpProtocolIpv6', 'disabled') + el('instanceMetadataTags', options.InstanceMetadataTags || 'disabled'));
}

/**
 * The tag keys IMDS can serve (under /latest/meta-data/tags/instance/<key>): EC2 refuses others on an
 * instance with InstanceMetadataTags enabled. Pattern and reserved names as EC2's own error gives them.
 */
const IMDS_TAG_KEY = /^[0-9a-zA-Z\-_+=,.@:]{1,255}$/;
const IMDS_RESERVED_KEYS = ['.', '..', '_index'];

function imdsTagKeyError(key: string): AwsFault | undefined {
  if (IMDS_TAG_KEY.test(key) && !IMDS_RESERVED_KEYS.includes(key)) {
    return undefined;
  }

  // EC2's error for such a key, as reported from RunInstances, CreateFleet and ModifyInstanceMetadataOptions
  // (e.g. github.com/aws-controllers-k8s/community/issues/1789, github.com/aws/karpenter-provider-aws/issues/1527).
  // That CreateTags on a running instance answers with the same code and text is inferred, not confirmed.
  return new AwsFault('InvalidParameterValue', `'${ key }' is not a valid tag key. Tag keys must match pattern ([0-9a-zA-Z\\-_+=,.@:]{1,255}), and must not be a reserved name ('.', '..', '_index')`);
}

function instanceTypeXml(type: ScenarioInstanceType): string {
  const architectures = type.Architectures || ['x86_64'];
  // Graviton has one thread per core; the x86 types two.
  const threads = architectures.includes('arm64') ? 1 : 2;
  const storage = type.Storage;

  return el('instanceType', type.InstanceType) + el('currentGeneration', type.CurrentGeneration ?? true) + el('freeTierEligible', !!type.FreeTierEligible) +
    strings('supportedUsageClasses', type.UsageClasses || ['on-demand', 'spot']) + strings('supportedRootDeviceTypes', ['ebs']) + strings('supportedVirtualizationTypes', ['hvm']) +
    el('bareMetal', false) + el('hypervisor', 'nitro') +
    raw('processorInfo', strings('supportedArchitectures', architectures) + el('sustainedClockSpeedInGhz', 3.1) + el('manufacturer', architectures.includes('arm64') ? 'AWS' : 'Intel')) +
    raw('vCpuInfo', el('defaultVCpus', type.VCpus) + el('defaultCores', Math.max(1, type.VCpus / threads)) + el('defaultThreadsPerCore', Math.min(threads, type.VCpus))) +
    raw('memoryInfo', el('sizeInMiB', type.MemoryMiB)) +
    el('instanceStorageSupported', !!storage) +
    (storage ? raw('instanceStorageInfo', el('totalSizeInGB', storage.SizeGB) + items('disks', [storage], (d) => el('sizeInGB', d.SizeGB) + el('count', 1) + el('type', d.Type)) +
      el('nvmeSupport', storage.NvmeSupport || 'unsupported') + el('encryptionSupport', 'required')) : '') +
    raw('ebsInfo', el('ebsOptimizedSupport', 'default') + el('encryptionSupport', 'supported') + el('nvmeSupport', 'required')) +
    raw('networkInfo', el('networkPerformance', 'Up to 10 Gigabit') + el('maximumNetworkInterfaces', 3) + el('ipv4AddressesPerInterface', 10) + el('ipv6AddressesPerInterface', 10) +
      el('ipv6Supported', true) + el('enaSupport', 'required') + el('efaSupported', false)) +
    el('burstablePerformanceSupported', /^t\d/.test(type.InstanceType)) + el('hibernationSupported', true) + el('dedicatedHostsSupported', true) + el('autoRecoverySupported', true) +
    strings('supportedBootModes', architectures.includes('arm64') ? ['uefi'] : ['legacy-bios', 'uefi']);
}

export const ec2InstanceActions: Record<string, Ec2Handler> = {
  DescribeInstances: ({
    action, params, filters, scenario, account
  }) => {
    const ids = Object.entries(params).filter(([k]) => k.startsWith('InstanceId.')).map(([, v]) => v);
    const matching = (scenario.instances || []).filter((i) => (!ids.length || ids.includes(i.InstanceId)) && tagMatches(i.Tags, filters) && fieldMatches(filters, {
      'instance-id':         i.InstanceId,
      'instance-state-name': i.State || 'running',
      'subnet-id':           i.SubnetId,
      'vpc-id':              i.VpcId,
      'availability-zone':   i.AvailabilityZone || 'us-east-1a',
      'private-dns-name':    i.PrivateDnsName,
      'private-ip-address':  i.PrivateIpAddress,
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('reservationSet', page, (i: ScenarioInstance) => el('reservationId', `r-${ i.InstanceId.slice(2) }`) + el('ownerId', account) + raw('groupSet', '') + items('instancesSet', [i], (x) => instanceXml(x, account))) + el('nextToken', next));
  },
  DescribeInstanceTypes: ({
    action, params, filters, scenario
  }) => {
    const types = scenario.instanceTypes || DEFAULT_INSTANCE_TYPES;
    const wanted = ec2List(params, 'InstanceType');
    const unknown = wanted.filter((name) => !types.some((t) => t.InstanceType === name));

    if (unknown.length) {
      throw new AwsFault('InvalidInstanceType', `The following supplied instance types do not exist: [${ unknown.join(', ') }]`);
    }
    const matching = types.filter((t) => (!wanted.length || wanted.includes(t.InstanceType)) && fieldMatches(filters, {
      'instance-type':                         t.InstanceType,
      'current-generation':                    String(t.CurrentGeneration ?? true),
      'free-tier-eligible':                    String(!!t.FreeTierEligible),
      'processor-info.supported-architecture': t.Architectures || ['x86_64'],
      'supported-usage-class':                 t.UsageClasses || ['on-demand', 'spot'],
      'vcpu-info.default-vcpus':               String(t.VCpus),
      'memory-info.size-in-mib':               String(t.MemoryMiB),
      'instance-storage-supported':            String(!!t.Storage),
      'burstable-performance-supported':       String(/^t\d/.test(t.InstanceType)),
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('instanceTypeSet', page, instanceTypeXml) + el('nextToken', next));
  },
  CreateTags: ({ action, params, scenario }) => {
    const resources = Object.entries(params).filter(([k]) => k.startsWith('ResourceId.')).map(([, v]) => v);
    const tags: ScenarioTag[] = [];

    for (let n = 1; params[`Tag.${ n }.Key`] !== undefined; n++) {
      tags.push({ Key: params[`Tag.${ n }.Key`], Value: params[`Tag.${ n }.Value`] || '' });
    }
    if (params.DryRun === 'true') {
      throw new AwsFault('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    // All or nothing: every resource and every key is checked before anything is written.
    const targets = resources.map((id) => {
      const instance = (scenario.instances || []).find((r) => r.InstanceId === id);
      const resource: { Tags?: ScenarioTag[] } | undefined = instance ||
        (scenario.subnets || []).find((r) => r.SubnetId === id) || (scenario.securityGroups || []).find((r) => r.GroupId === id) ||
        (scenario.vpcs || []).find((r) => r.VpcId === id);

      if (!resource) {
        throw new AwsFault('InvalidID', `The ID '${ id }' is not valid`);
      }

      return { resource, imdsTags: instance?.MetadataOptions?.InstanceMetadataTags === 'enabled' };
    });
    const refused = targets.some((t) => t.imdsTags) ? tags.map((t) => imdsTagKeyError(t.Key)).find(Boolean) : undefined;

    if (refused) {
      throw refused;
    }
    for (const { resource } of targets) {
      resource.Tags = [...(resource.Tags || []).filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    }

    return ec2Response(action, el('return', true));
  },
};
