/**
 * AWS through Rancher: the host store's `aws/ec2` and `aws/iam` actions return SDK clients whose
 * requests go to Rancher's /meta/proxy, signed there with the chosen cloud credential, so no
 * secret reaches the browser and no SDK is bundled in the extension.
 */

import { AwsClients } from '../aws/clients';
import { CheckInputs, ControlPlaneHints } from '../domain/facts';
import { PoolView } from './machine-pools';
import { parseMachineConfigTags, singleClusterIdCandidate } from '../domain/cluster-tags';

export interface HostStore {
  /** The host's Vuex store, untyped: callers say what each action answers. */
  dispatch(type: string, payload?: unknown): Promise<unknown>;
}

export const CLOUD_CREDENTIAL_TYPE = 'cloudcredential';

/** Rancher's own default when neither pool nor credential names a region (store/aws.js). */
export const FALLBACK_REGION = 'us-west-2';

export async function awsClientsFor(store: HostStore, region: string, cloudCredentialId: string): Promise<AwsClients> {
  const [ec2, iam] = await Promise.all([
    store.dispatch('aws/ec2', { region, cloudCredentialId }) as Promise<AwsClients['ec2']>,
    store.dispatch('aws/iam', { region, cloudCredentialId }) as Promise<AwsClients['iam']>,
  ]);

  return { ec2, iam };
}

export interface CredentialChoice { id: string, name: string, defaultRegion?: string }

interface CloudCredentialModel {
  id: string;
  provider?: string;
  nameDisplay?: string;
  decodedData?: { defaultRegion?: string };
}

function toChoice(credential: CloudCredentialModel): CredentialChoice {
  return {
    id: credential.id, name: credential.nameDisplay || credential.id, defaultRegion: credential.decodedData?.defaultRegion
  };
}

/** The user's AWS cloud credentials (for custom clusters, where the page has none). */
export async function awsCloudCredentials(store: HostStore): Promise<CredentialChoice[]> {
  const all = await store.dispatch('rancher/findAll', { type: CLOUD_CREDENTIAL_TYPE }) as CloudCredentialModel[] | undefined;

  return (all || []).filter((c) => c.provider === 'aws').map(toChoice);
}

export async function cloudCredential(store: HostStore, id: string): Promise<CredentialChoice | undefined> {
  const credential = await store.dispatch('rancher/find', { type: CLOUD_CREDENTIAL_TYPE, id }).catch(() => undefined) as CloudCredentialModel | undefined;

  return credential ? toChoice(credential) : undefined;
}

/** The pool's region, else the credential's default region, else Rancher's default. */
export function regionFor(pool: PoolView | undefined, credential: CredentialChoice | undefined): string {
  return pool?.config?.region || credential?.defaultRegion || FALLBACK_REGION;
}

/** What one machine pool asks the checks to verify (the caller decides about iam:PassRole). */
export function poolCheckInputs(pool: PoolView, clusterId: string, region: string, kubernetesVersion?: string): CheckInputs {
  const config = pool.config || {};

  return {
    clusterId,
    region,
    roles:               pool.roles,
    instanceProfileName: config.iamInstanceProfile ?? '',
    subnetIds:           config.subnetId ? [config.subnetId] : [],
    securityGroupIds:    config.securityGroup?.length ? [...config.securityGroup] : [],
    vpcId:               config.vpcId || undefined,
    instanceIds:         [],
    kubernetesVersion,
  };
}

/** Which profiles are control-plane nodes' (where the cloud-controller-manager runs), from the pools' roles. */
export function controlPlaneHints(pools: readonly PoolView[]): ControlPlaneHints {
  const profileOf = (pool: PoolView) => pool.config?.iamInstanceProfile || '';

  return {
    profiles:      [...new Set(pools.filter((pool) => pool.roles.includes('controlplane')).map(profileOf).filter(Boolean))],
    otherProfiles: [...new Set(pools.filter((pool) => !pool.roles.includes('controlplane')).map(profileOf).filter(Boolean))],
  };
}

/** A saved cluster's management cluster ID (`c-m-...`): the ID Rancher tags its EC2 nodes with. */
export function managementClusterId(cluster: { status?: { clusterName?: string } }): string | undefined {
  return cluster.status?.clusterName || undefined;
}

/**
 * Rancher tags the instances it creates with its management cluster ID unless the pool's own
 * tags already hold a kubernetes.io/cluster/ key: then that key's ID is the nodes' cluster ID.
 */
export function clusterIdFromPoolTags(pools: readonly PoolView[]): string | undefined {
  return singleClusterIdCandidate(pools.map((pool) => ({ Tags: parseMachineConfigTags(pool.config?.tags).filter((tag) => tag.Key?.startsWith('kubernetes.io/cluster/')) })));
}
