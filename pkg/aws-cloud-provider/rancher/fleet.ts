/**
 * Every Amazon cluster Rancher manages, read from Rancher's own API as the fleet page and the
 * CLI's `fleet` both read it: the provisioning clusters (Steve), the Amazon EC2 machine configs
 * (Steve, one list for all pools) and the cloud credentials (Norman, never their secret). The
 * requests go through a `RancherApi` (the page: the shell's `management/request`; the CLI:
 * fetch with an API token), so both fronts read the same objects the same way.
 */
import { isControllerChart, helmChartsIn, splitManifest } from '../domain/out-of-tree/manifest';
import { needsOutOfTreeProvider, parseKubernetesVersion } from '../domain/kubernetes-version';
import {
  AMAZON_EC2_CONFIG_TYPE, AmazonEc2Config, PoolView, RkeMachinePool, toPoolView
} from './machine-pools';
import { CredentialChoice, HostStore, managementClusterId } from './aws-access';
import { usesAmazonCloudProvider } from './cluster';
import { ProviderRkeConfig } from '../domain/out-of-tree/config';

/** GETs a path of Rancher's API (`/v1/...`, `/v3/...`) and answers its JSON body; rejects as the shell's request does. */
export interface RancherApi { get(path: string): Promise<unknown> }

/** Rancher's API through the host store's own request action (the dashboard's session). */
export function storeRancherApi(store: HostStore): RancherApi {
  return { get: (path) => store.dispatch('management/request', { url: path }) };
}

export const PROVISIONING_CLUSTERS = '/v1/provisioning.cattle.io.clusters';
export const AMAZON_EC2_CONFIGS = `/v1/${ AMAZON_EC2_CONFIG_TYPE }s`;
export const CLOUD_CREDENTIALS = '/v3/cloudcredentials';

/**
 * How the cluster runs the Amazon provider: in-tree (`aws` before 1.27), out-of-tree with the
 * aws-cloud-controller-manager in its manifest, out-of-tree without it (its nodes stay
 * uninitialised), or none chosen.
 */
export type ProviderMode = 'inTree' | 'outOfTree' | 'outOfTreeNoController' | 'none';

export interface FleetCluster {
  /** The provisioning cluster's ID, `<namespace>/<name>`. */
  id: string;
  name: string;
  namespace: string;
  /** `c-m-...`: Rancher's management cluster, the ID its EC2 nodes are tagged with; undefined until provisioned. */
  managementClusterId?: string;
  kubernetesVersion?: string;
  /** `amazonec2`: Rancher creates the machines on EC2; `custom`: nodes registered by hand (no pools). */
  kind: 'amazonec2' | 'custom';
  providerMode: ProviderMode;
  /** `cattle-global-data:cc-...`, when the cluster has one. */
  credential?: CredentialChoice;
  pools: PoolView[];
}

interface SteveCluster {
  id?: string;
  metadata?: { name?: string, namespace?: string };
  spec?: {
    kubernetesVersion?: string,
    cloudCredentialSecretName?: string,
    rkeConfig?: ProviderRkeConfig & { machinePools?: RkeMachinePool[] },
  };
  status?: { clusterName?: string };
}

interface NormanCredential {
  id?: string;
  name?: string;
  annotations?: Record<string, string>;
  amazonec2credentialConfig?: { defaultRegion?: string };
}

interface Collection<T> { data?: T[], pagination?: { next?: string }, continue?: string }

/** Every item of a collection, following Norman's `pagination.next` and Steve's `continue`. */
async function listAll<T>(api: RancherApi, path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = path;

  for (let page = 0; next && page < 1000; page++) {
    const body = await api.get(next) as Collection<T>;

    out.push(...(body?.data || []));
    if (body?.pagination?.next) {
      const url = new URL(body.pagination.next, 'http://rancher');

      next = `${ url.pathname }${ url.search }`;
    } else if (body?.continue) {
      next = `${ path }${ path.includes('?') ? '&' : '?' }continue=${ encodeURIComponent(body.continue) }`;
    } else {
      next = undefined;
    }
  }

  return out;
}

/** The cloud provider the cluster's nodes get: the selector-less machine selector entry (the form's), else machineGlobalConfig. */
export function cloudProviderName(rkeConfig: ProviderRkeConfig | undefined): string {
  const own = (rkeConfig?.machineSelectorConfig || []).find((entry) => !entry.machineLabelSelector)?.config?.['cloud-provider-name'];
  const global = rkeConfig?.machineGlobalConfig?.['cloud-provider-name'];

  return String(own || global || '');
}

export function hasControllerChart(rkeConfig: ProviderRkeConfig | undefined): boolean {
  return helmChartsIn(splitManifest(rkeConfig?.additionalManifest)).some(isControllerChart);
}

export function providerModeOf(kubernetesVersion: string | undefined, rkeConfig: ProviderRkeConfig | undefined): ProviderMode {
  const name = cloudProviderName(rkeConfig);
  const controller = hasControllerChart(rkeConfig);
  const version = parseKubernetesVersion(kubernetesVersion);

  if (controller) {
    return 'outOfTree';
  }
  if (!usesAmazonCloudProvider(name)) {
    return 'none';
  }

  // `external` always needs a controller; `aws` from 1.27 too (the in-tree provider is gone).
  return name === 'external' || (version && needsOutOfTreeProvider(version)) ? 'outOfTreeNoController' : 'inTree';
}

const isAmazonPool = (pool: RkeMachinePool) => (pool.machineConfigRef?.kind || '').toLowerCase() === 'amazonec2config';

/** A cluster the fleet verifies: EC2 machine pools, the Amazon provider, or the aws-cloud-controller-manager. */
export function isAmazonCluster(cluster: SteveCluster): boolean {
  const rkeConfig = cluster.spec?.rkeConfig;

  if (!rkeConfig) {
    return false; // imported and hosted clusters: Rancher does not configure their provider
  }

  return (rkeConfig.machinePools || []).some(isAmazonPool) || usesAmazonCloudProvider(cloudProviderName(rkeConfig)) || hasControllerChart(rkeConfig);
}

function toCredential(credential: NormanCredential): CredentialChoice {
  return {
    id: credential.id || '', name: credential.name || credential.id || '', defaultRegion: credential.amazonec2credentialConfig?.defaultRegion || undefined
  };
}

/** The Amazon clusters as read now, sorted by name. */
export async function readFleet(api: RancherApi): Promise<FleetCluster[]> {
  const [clusters, configs, credentials] = await Promise.all([
    listAll<SteveCluster>(api, PROVISIONING_CLUSTERS),
    listAll<AmazonEc2Config & { id?: string }>(api, AMAZON_EC2_CONFIGS),
    // Reading credentials may be refused to some users: then each cluster names its credential's ID only.
    listAll<NormanCredential>(api, CLOUD_CREDENTIALS).catch(() => [] as NormanCredential[]),
  ]);
  const configById = new Map(configs.map((config) => [config.id || '', config]));
  const credentialById = new Map(credentials.map((credential) => [credential.id || '', toCredential(credential)]));

  return clusters.filter(isAmazonCluster).map((cluster) => {
    const namespace = cluster.metadata?.namespace || 'fleet-default';
    const name = cluster.metadata?.name || '';
    const machinePools = cluster.spec?.rkeConfig?.machinePools || [];
    const credentialId = cluster.spec?.cloudCredentialSecretName || '';

    return {
      id:                  cluster.id || `${ namespace }/${ name }`,
      name,
      namespace,
      managementClusterId: managementClusterId(cluster),
      kubernetesVersion:   cluster.spec?.kubernetesVersion,
      kind:                machinePools.some(isAmazonPool) ? 'amazonec2' : 'custom',
      providerMode:        providerModeOf(cluster.spec?.kubernetesVersion, cluster.spec?.rkeConfig),
      credential:          credentialId ? credentialById.get(credentialId) || { id: credentialId, name: credentialId } : undefined,
      pools:               machinePools.filter(isAmazonPool).map((pool) => toPoolView(pool, configById.get(`${ namespace }/${ pool.machineConfigRef?.name }`))),
    } as FleetCluster;
  }).sort((a, b) => a.name.localeCompare(b.name));
}
