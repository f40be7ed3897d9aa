/**
 * The machines of the world's clusters as Rancher's API holds them: for an EC2 cluster its
 * provisioning cluster and, per pool, the machine config, machine template, machine deployment
 * and each node's machine and Amazon EC2 machine; for the custom cluster its custom machines.
 */

import { WorldEc2Cluster, WorldNode, WorldPool } from './cluster-shapes';
import { CUSTOM_CLUSTER } from './custom-demo';
import { NAMESPACE, REGION, VPC_ID } from './ids';
import { condition, mgmtObject } from './objects';
import { provisioningCluster } from './provisioning';
import { SteveObject } from './steve';

/** The amazonec2 driver's fields of a pool: its machine config holds them, its machine template copies them. */
function amazonec2Fields(pool: WorldPool, subnetId: string, zone: string, securityGroupName: string): Record<string, unknown> {
  return {
    accessKey:               '',
    ami:                     '',
    blockDurationMinutes:    '0',
    deviceName:              '/dev/sda1',
    encryptEbsVolume:        false,
    endpoint:                '',
    httpEndpoint:            'enabled',
    httpTokens:              'optional',
    iamInstanceProfile:      pool.profile,
    insecureTransport:       false,
    instanceType:            't3a.medium',
    keypairName:             '',
    kmsKey:                  '',
    monitoring:              false,
    privateAddressOnly:      false,
    region:                  REGION,
    requestSpotInstance:     false,
    retries:                 '5',
    rootSize:                '16',
    securityGroup:           [securityGroupName],
    securityGroupReadonly:   false,
    sessionToken:            '',
    spotPrice:               '0.50',
    sshKeyContents:          '',
    sshUser:                 'ubuntu',
    subnetId,
    tags:                    '',
    useEbsOptimizedInstance: false,
    usePrivateAddress:       false,
    userdata:                '',
    volumeType:              'gp3',
    vpcId:                   VPC_ID,
    zone:                    zone.slice(-1),
  };
}

const roleLabels = (roles: WorldNode['roles']) => ({
  'rke.cattle.io/control-plane-role': String(roles.includes('controlplane')),
  'rke.cattle.io/etcd-role':          String(roles.includes('etcd')),
  'rke.cattle.io/worker-role':        String(roles.includes('worker')),
});

function machine(clusterName: string, kubernetesVersion: string, node: WorldNode, pool: WorldPool | undefined): SteveObject {
  const kind = pool ? 'Amazonec2Machine' : 'CustomMachine';

  return mgmtObject('cluster.x-k8s.io.machine', node.machine, NAMESPACE, {
    labels: {
      'cluster.x-k8s.io/cluster-name': clusterName,
      ...(pool ? { 'cluster.x-k8s.io/deployment-name': `${ clusterName }-${ pool.name }`, 'rke.cattle.io/rke-machine-pool-name': pool.name } : {}),
      ...roleLabels(node.roles),
      'cattle.io/os':                  'linux',
    },
    spec: {
      clusterName,
      bootstrap:         {
        configRef: {
          apiVersion: 'rke.cattle.io/v1', kind: 'RKEBootstrap', name: node.machine, namespace: NAMESPACE
        },
        dataSecretName: `${ node.machine }-machine-bootstrap`
      },
      infrastructureRef: {
        apiVersion: pool ? 'rke-machine.cattle.io/v1' : 'rke.cattle.io/v1', kind, name: node.machine, namespace: NAMESPACE
      },
      providerID: `aws:///${ node.zone }/${ node.instanceId }`,
      version:    kubernetesVersion,
    },
    status: {
      phase:               'Running',
      bootstrapReady:      true,
      infrastructureReady: true,
      nodeRef:             {
        apiVersion: 'v1', kind: 'Node', name: node.name
      },
      addresses:           [{ type: 'InternalIP', address: node.ip }, { type: 'Hostname', address: node.name }],
      conditions:          ['Ready', 'BootstrapReady', 'InfrastructureReady', 'NodeHealthy'].map((type) => condition(type)),
    },
  });
}

export function ec2Objects(cluster: WorldEc2Cluster): SteveObject[] {
  const out: SteveObject[] = [provisioningCluster(cluster, cluster.pools)];

  for (const pool of cluster.pools) {
    const nodes = cluster.nodes.filter((node) => node.profile === pool.profile);
    const templateName = `${ cluster.name }-${ pool.name }-${ pool.machineConfig.slice(-5) }`;
    const deployment = `${ cluster.name }-${ pool.name }`;

    const fields = amazonec2Fields(pool, nodes[0].subnetId, nodes[0].zone, cluster.securityGroup.GroupName);

    out.push(mgmtObject('rke-machine-config.cattle.io.amazonec2config', pool.machineConfig, NAMESPACE, {
      annotations: { 'field.cattle.io/creatorId': 'user-admin' },
      metadata:    {
        name:            pool.machineConfig,
        ownerReferences: [{
          apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', name: cluster.name
        }]
      },
      ...fields,
    }));
    out.push(mgmtObject('rke-machine.cattle.io.amazonec2machinetemplate', templateName, NAMESPACE, {
      annotations: {
        'rke.cattle.io/cloned-from-name': pool.machineConfig, 'rke.cattle.io/cloned-from-kind': 'Amazonec2Config', 'objectset.rio.cattle.io/owner-name': cluster.name
      },
      spec: { template: { spec: { common: {}, ...fields } } },
    }));
    out.push(mgmtObject('cluster.x-k8s.io.machinedeployment', deployment, NAMESPACE, {
      labels: { 'cluster.x-k8s.io/cluster-name': cluster.name, 'rke.cattle.io/rke-machine-pool-name': pool.name },
      spec:   {
        clusterName: cluster.name,
        replicas:    pool.quantity,
        selector:    { matchLabels: { 'cluster.x-k8s.io/cluster-name': cluster.name, 'cluster.x-k8s.io/deployment-name': deployment } },
        template:    {
          metadata: {
            labels: {
              'cluster.x-k8s.io/cluster-name': cluster.name, 'cluster.x-k8s.io/deployment-name': deployment, ...roleLabels(nodes[0].roles)
            }
          },
          spec:     {
            clusterName:       cluster.name,
            infrastructureRef: {
              apiVersion: 'rke-machine.cattle.io/v1', kind: 'Amazonec2MachineTemplate', name: templateName, namespace: NAMESPACE
            },
            version: cluster.kubernetesVersion,
          },
        },
      },
      status: {
        phase: 'Running', replicas: pool.quantity, readyReplicas: pool.quantity, updatedReplicas: pool.quantity, availableReplicas: pool.quantity, unavailableReplicas: 0, conditions: [condition('Ready'), condition('Available')]
      },
    }));
    for (const node of nodes) {
      out.push(machine(cluster.name, cluster.kubernetesVersion, node, pool));
      out.push(mgmtObject('rke-machine.cattle.io.amazonec2machine', node.machine, NAMESPACE, {
        spec:   { providerID: `aws:///${ node.zone }/${ node.instanceId }`, common: {} },
        status: {
          ready: true, addresses: [{ type: 'InternalIP', address: node.ip }], conditions: [condition('Ready')]
        },
      }));
    }
  }

  return out;
}

export function customObjects(): SteveObject[] {
  const cluster = CUSTOM_CLUSTER;

  return [
    provisioningCluster(cluster, []),
    ...cluster.nodes.flatMap((node) => [
      machine(cluster.name, cluster.kubernetesVersion, node, undefined),
      mgmtObject('rke.cattle.io.custommachine', node.machine, NAMESPACE, { spec: { providerID: `aws:///${ node.zone }/${ node.instanceId }` }, status: { ready: true } }),
    ]),
  ];
}
