/**
 * The use case both fronts run: inputs + AWS clients → gather → checks → tag plan. Components
 * and the CLI only say what to verify and render what comes back.
 */

import { AwsClients } from '../aws/clients';
import { GatherOptions, gatherClusterFacts, gatherInstancesByNodeName } from '../aws/gather';
import { sharingReads } from '../aws/shared-reads';
import { Finding, runChecks } from '../domain/checks';
import { CheckInputs, Ec2Instance } from '../domain/facts';
import { LEGACY_CLUSTER_TAG, clusterIdFromInstanceTags } from '../domain/cluster-tags';
import {
  KubeNode, instanceIdsOfNodes, isControlPlaneNode, matchNodes, nodeFindings, nodeLookup, regionOfZone
} from '../domain/nodes';
import { providerContext } from '../domain/provider';
import { mergeFindings } from '../domain/report';
import { TagPlan, planTagFixes } from '../domain/tag-fixes';

/** Where "Tag it" may write: the tags planned for one region, with that region's EC2 client. */
export interface TagTarget { plan: TagPlan, clients: AwsClients }

export interface Verification {
  /** One list for the whole run: what several targets share (a node, a subnet) appears once. */
  findings: Finding[];
  tagTargets: TagTarget[];
}

/** AWS clients for a region; the panel's come from the host store, the CLI's from the SDK. */
export type ClientsFor = (region: string) => Promise<AwsClients>;

/** Inputs that say where to look: the region the pool's machines are in. */
export type Target = CheckInputs & { region: string };

/** Verifies one or more sets of inputs (one per machine pool), each in its region. */
export async function verifyTargets(targets: readonly Target[], clientsFor: ClientsFor, options: GatherOptions = {}): Promise<Verification> {
  // One set of clients per region for the whole run: the cluster-wide lookups every pool needs
  // (tagged instances and groups, the VPC) are then asked once.
  const byRegion = new Map<string, Promise<AwsClients>>();
  const shared = (region: string) => {
    if (!byRegion.has(region)) {
      byRegion.set(region, clientsFor(region).then(sharingReads));
    }

    return byRegion.get(region) as Promise<AwsClients>;
  };
  const runs: Finding[][] = [];
  const tagTargets: TagTarget[] = [];

  for (const inputs of targets) {
    const clients = await shared(inputs.region);
    const facts = await gatherClusterFacts(clients, inputs, options);
    const findings = runChecks(inputs, facts);

    let plan: TagPlan | undefined;

    runs.push(findings);
    // Planned when first read: the panel reads it for "Tag it"; the CLI never does.
    tagTargets.push({
      clients,
      get plan() {
        plan ??= planTagFixes(findings, facts);

        return plan;
      },
    });
  }

  return { findings: mergeFindings(runs), tagTargets };
}

export interface NodesVerification extends Verification {
  region: string;
  /** The cluster ID used: the one asked for, else the one the instances' tags carry. */
  clusterId: string;
  /** The instances found for the nodes (by ID and by private DNS name): what the node checks were decided on. */
  instances: Ec2Instance[];
}

/**
 * The nodes of a running cluster: each mapped to its instance as the provider maps it, then the
 * instance, subnet and group checks for those instances.
 */
export async function verifyNodes(
  nodes: readonly KubeNode[],
  request: { clusterId?: string, fallbackClusterId?: string, fallbackRegion: string, kubernetesVersion?: string },
  clientsFor: ClientsFor,
  options: GatherOptions = {}
): Promise<NodesVerification> {
  const lookups = nodes.map(nodeLookup);
  const region = regionOfZone(lookups.find((l) => l.zone)?.zone) || request.fallbackRegion;
  const clients = await clientsFor(region);
  // Nodes without providerID: the provider looks their name up as a private DNS name (findInstanceByNodeName).
  const byName = await gatherInstancesByNodeName(clients.ec2, lookups.filter((l) => l.privateDnsName).map((l) => l.privateDnsName as string), options);
  const named: Ec2Instance[] = byName.ok ? byName.value : [];
  // Rancher-provisioned EC2 nodes carry the management ID; custom nodes whatever ID the user chose.
  const clusterId = request.clusterId || clusterIdFromInstances(named) || request.fallbackClusterId || '';
  const controlPlaneNodes = new Set(nodes.filter(isControlPlaneNode).map((node) => node.name));
  const inputs: CheckInputs = {
    clusterId,
    region,
    roles:             [],
    subnetIds:         [],
    securityGroupIds:  [],
    instanceIds:       instanceIdsOfNodes(lookups, named),
    kubernetesVersion: request.kubernetesVersion,
  };
  const facts = await gatherClusterFacts(clients, inputs, options);
  const instances = facts.instances.ok ? facts.instances.value : [];
  const matches = matchNodes(nodes, [...instances, ...named], clusterId);
  // The nodes' role labels say exactly which instances are control-plane nodes.
  const controlPlaneIds = matches.filter((m) => controlPlaneNodes.has(m.node.name) && m.instance?.InstanceId).map((m) => m.instance?.InstanceId as string);
  const known: CheckInputs = controlPlaneIds.length ? { ...inputs, controlPlane: { instanceIds: controlPlaneIds } } : inputs;
  const findings = [...nodeFindings(matches, providerContext(known)), ...runChecks(known, facts)];

  return {
    findings, tagTargets: [{ plan: planTagFixes(findings, facts), clients }], region, clusterId, instances: [...instances, ...named]
  };
}

function clusterIdFromInstances(instances: readonly Ec2Instance[]): string | undefined {
  for (const instance of instances) {
    const found = clusterIdFromInstanceTags(instance.Tags);

    if (found.ok) {
      return found.clusterId;
    }
  }

  return undefined;
}

/** The planned tags (and skipped ones) that fix `finding`, with the clients to write them. */
export function tagFixFor(finding: Finding, targets: readonly TagTarget[]): TagTarget | undefined {
  const fix = finding.fix?.tag;

  if (!fix) {
    return undefined;
  }
  for (const target of targets) {
    // The plan may write the legacy key where EC2 refuses the finding's own (planTagFixes).
    const tags = target.plan.tags.filter((tag) => (tag.key === fix.key || tag.key === LEGACY_CLUSTER_TAG) && fix.resourceIds.includes(tag.resourceId));
    const skipped = target.plan.skipped.filter((skip) => fix.resourceIds.includes(skip.resourceId));

    if (tags.length || skipped.length) {
      return { plan: { tags, skipped }, clients: target.clients };
    }
  }

  return undefined;
}

/** All planned tags of a run, once each, per set of clients (one per region): "Tag all". */
export function allTagFixes(targets: readonly TagTarget[]): TagTarget[] {
  const byClients = new Map<AwsClients, { target: TagTarget, seen: Set<string> }>();

  for (const target of targets) {
    let merged = byClients.get(target.clients);

    if (!merged) {
      merged = { target: { plan: { tags: [], skipped: [] }, clients: target.clients }, seen: new Set() };
      byClients.set(target.clients, merged);
    }
    // Sets, not searches of the lists: 10,000 planned tags would otherwise take half a second.
    for (const tag of target.plan.tags) {
      const key = `tag\0${ tag.resourceId }\0${ tag.key }`;

      if (!merged.seen.has(key)) {
        merged.seen.add(key);
        merged.target.plan.tags.push(tag);
      }
    }
    for (const skip of target.plan.skipped) {
      const key = `skip\0${ skip.resourceId }`;

      if (!merged.seen.has(key)) {
        merged.seen.add(key);
        merged.target.plan.skipped.push(skip);
      }
    }
  }

  return [...byClients.values()].map((merged) => merged.target).filter((target) => target.plan.tags.length);
}
