/**
 * Rancher's catalog API on the fake's objects: the links and actions of a ClusterRepo whose
 * `spec.url` names a Helm HTTP repository, and the files of the UIPlugins its installs made.
 * What helm and Rancher's controllers do after an install (apply the rendered objects, record the
 * App and the Operation, cache the plugin) is done before the install answers; the dashboard
 * polls for the Operation and reads the UIPlugin as it would on Rancher.
 */
import {
  cachePluginFiles, fetchChart, HelmChart, HelmIndex, InstallChart, readIndex, renderChart
} from './catalog';
import { SteveObject, steveObject, SteveStore, TypeSpec } from './steve';

/** What an endpoint answers: the HTTP status and the JSON body. */
export interface Answer { status: number, body: unknown }

export interface CatalogApi {
  /** `?link=index` or `?link=info` of a repository; undefined when the repository has no `spec.url`. */
  link(repo: SteveObject, link: string, params: URLSearchParams): Promise<Answer | undefined>;
  /** `?action=install` / `?action=upgrade` of a repository. */
  action(repo: SteveObject, action: string, body: { charts?: InstallChart[], namespace?: string }): Promise<Answer>;
  /** A repository just created, with the status Rancher's catalog controller gives it once it read (or failed to read) the index. */
  downloaded(repo: SteveObject): Promise<SteveObject>;
  /** A file that Rancher's plugin cache holds for an extension installed from a repository. */
  pluginFile(name: string, version: string, path: string): Buffer | undefined;
}

const steveError = (status: number, code: string, message: string): Answer => ({
  status,
  body: {
    type: 'error', status, code, message
  }
});

/** A repository's index is read once, when first needed, and kept, as Rancher keeps what it downloaded; charts are read per request. */
export function catalogApi(store: SteveStore): CatalogApi {
  const plugins = new Map<string, Map<string, Buffer>>();
  const indexes = new Map<string, HelmIndex>();
  let operations = 0;

  const repoUrl = (repo: SteveObject): string | undefined => repo.spec?.url || undefined;

  async function indexOf(repo: SteveObject): Promise<HelmIndex> {
    const cached = indexes.get(repo.id);

    if (cached) {
      return cached;
    }
    const index = await readIndex(repoUrl(repo) as string);

    indexes.set(repo.id, index);

    return index;
  }

  function specOf(object: Record<string, unknown>): TypeSpec | undefined {
    const [group, version] = String(object.apiVersion || '').includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion || '')];

    return store.types.find((t) => t.group === group && t.version === version && t.kind === object.kind);
  }

  /**
   * The objects a release applies, stored as the API server would, with helm's ownership marks.
   * Every kind is resolved first: as helm, a manifest with a kind the cluster lacks applies nothing.
   */
  function apply(objects: Record<string, unknown>[], release: string, namespace: string): SteveObject[] {
    const typed = objects.map((object) => {
      const spec = specOf(object);

      if (!spec) {
        throw new Error(`unable to build kubernetes objects from release manifest: no matches for kind "${ object.kind }" in version "${ object.apiVersion }"`);
      }

      return { spec, object: object as { metadata?: Record<string, unknown> } };
    });

    return typed.map(({ spec, object: { metadata = {}, ...fields } }) => store.add(steveObject(spec, String(metadata.name), spec.namespaced ? String(metadata.namespace || namespace) : undefined, {
      ...fields,
      labels:      (metadata.labels || {}) as Record<string, string>,
      annotations: {
        ...(metadata.annotations || {}) as Record<string, string>, 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace
      },
    })));
  }

  /** Rancher's plugin controller: a UIPlugin's files are fetched from its endpoint and cached. */
  async function cache(plugin: SteveObject): Promise<void> {
    const { name, version, endpoint } = plugin.spec?.plugin || {};

    try {
      plugins.set(`${ name }/${ version }`, await cachePluginFiles(endpoint));
      store.add({ ...plugin, status: { cacheState: 'cached', ready: true } });
    } catch (error) {
      store.add({
        ...plugin,
        status: {
          cacheState: 'disabled', ready: false, error: String((error as Error).message)
        }
      });
    }
  }

  async function install(repo: SteveObject, action: string, chart: InstallChart, namespace: string): Promise<SteveObject> {
    const helmChart: HelmChart = await fetchChart(repoUrl(repo) as string, await indexOf(repo), chart.chartName, chart.version);
    const applied = apply(renderChart(helmChart, chart.values, { name: chart.releaseName, namespace }), chart.releaseName, namespace);

    for (const plugin of applied.filter((o) => o.type === 'catalog.cattle.io.uiplugin')) {
      await cache(plugin);
    }
    const now = new Date().toISOString();
    const appSpec = store.types.find((t) => t.id === 'catalog.cattle.io.app') as TypeSpec;
    const previous = store.get(appSpec.id, `${ namespace }/${ chart.releaseName }`);

    store.add(steveObject(appSpec, chart.releaseName, namespace, {
      annotations: chart.annotations || {},
      spec:        {
        name:    chart.releaseName,
        namespace,
        version: (previous?.spec?.version || 0) + 1,
        chart:   { metadata: helmChart.metadata, values: helmChart.values },
        values:  chart.values || {},
        info:    {
          status: 'deployed', description: `${ action === 'install' ? 'Install' : 'Upgrade' } complete`, firstDeployed: previous?.spec?.info?.firstDeployed || now, lastDeployed: now
        },
        resources: applied.map((o) => ({
          apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace
        }))
      },
      status: { observedGeneration: 1, summary: { state: 'deployed' } },
    }));

    const operationSpec = store.types.find((t) => t.id === 'catalog.cattle.io.operation') as TypeSpec;

    return store.add(steveObject(operationSpec, `helm-operation-${ (++operations).toString(36).padStart(5, 'x') }`, namespace, {
      metadata: {
        creationTimestamp: now,
        state:             {
          name: 'successful', transitioning: false, error: false, message: ''
        }
      },
      status: {
        action, chart: chart.chartName, version: chart.version, releaseName: chart.releaseName, namespace, projectId: '', token: '', command: ['helm', action, chart.releaseName, chart.chartName, '--namespace', namespace, '--version', chart.version], podName: `helm-operation-${ operations }`, podNamespace: 'cattle-system',
      },
    }));
  }

  return {
    async downloaded(repo) {
      if (!repoUrl(repo)) {
        return repo;
      }
      const now = new Date().toISOString();
      const condition = (type: string, error?: string) => ({
        type, status: error ? 'False' : 'True', message: error || '', reason: error ? 'Error' : '', lastUpdateTime: now
      });

      try {
        await indexOf(repo);

        return {
          ...repo,
          status: {
            url: repoUrl(repo), downloadTime: now, observedGeneration: 1, conditions: [condition('Downloaded'), condition('FollowerDownloaded')]
          }
        };
      } catch (error) {
        const message = String((error as Error).message);

        return {
          ...repo,
          metadata: {
            ...repo.metadata,
            state: {
              name: 'in-progress', error: true, transitioning: false, message
            }
          },
          status: { observedGeneration: 1, conditions: [condition('Downloaded', message)] }
        };
      }
    },

    async link(repo, link, params) {
      if (!repoUrl(repo)) {
        return undefined;
      }
      if (link === 'index') {
        return { status: 200, body: await indexOf(repo) };
      }
      if (link === 'info') {
        const chart = await fetchChart(repoUrl(repo) as string, await indexOf(repo), params.get('chartName') || '', params.get('version') || '');

        return {
          status: 200,
          body:   {
            chart: chart.metadata, values: chart.values, readme: chart.readme, appReadme: ''
          }
        };
      }

      return steveError(404, 'NotFound', `no link ${ link }`);
    },

    async action(repo, action, body) {
      if (!repoUrl(repo) || !['install', 'upgrade'].includes(action) || !body.charts?.length || !body.namespace) {
        return steveError(422, 'InvalidBodyContent', `${ action }: a repository with spec.url, and charts and a namespace, are needed`);
      }
      try {
        let operation: SteveObject | undefined;

        for (const chart of body.charts) {
          operation = await install(repo, action, chart, body.namespace);
        }

        return {
          status: 200,
          body:   {
            type: 'chartActionOutput', operationName: operation?.metadata.name, operationNamespace: operation?.metadata.namespace
          }
        };
      } catch (error) {
        return steveError(500, 'ServerError', String((error as Error).message));
      }
    },

    pluginFile(name, version, path) {
      return plugins.get(`${ name }/${ version }`)?.get(path);
    },
  };
}
