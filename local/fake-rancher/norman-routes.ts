/**
 * Norman (`/v3`): the user, principals, cloud credentials (created too, the secret key kept),
 * clusters, settings, auth configs, cluster registration tokens; schemas; actions do nothing.
 */

import { IncomingMessage, ServerResponse } from 'http';
import { WorldEc2Cluster } from './cluster-shapes';
import { CUSTOM_CLUSTER } from './custom-demo';
import { generatedSuffix, readBody, Reply, without } from './reply';
import { normanCollection, normanSchema } from './steve';
import { FakeStore } from './store';

/** The Norman API of `store`; `ec2Clusters` are the world's EC2 clusters (each has a registration token). */
export function normanRoutes(store: FakeStore, ec2Clusters: WorldEc2Cluster[], { json, notFoundError }: Reply) {
  /** Norman (`/v3`): the user, principals, cloud credentials, clusters, settings by ID. */
  async function norman(req: IncomingMessage, res: ServerResponse, url: URL, base: string) {
    const method = req.method || 'GET';
    const parts = url.pathname.slice('/v3/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    const v3 = `${ base }/v3`;
    const self = `${ v3 }/${ parts.join('/') }`;
    const link = (collection: string, object: Record<string, unknown>) => {
      const selfLink = `${ v3 }/${ collection }/${ encodeURIComponent(String(object.id)) }`;

      return {
        ...object,
        links: {
          self: selfLink, update: selfLink, remove: selfLink
        },
        actions: {}
      };
    };
    const user = {
      id: 'user-admin', uuid: '00000000-0000-4000-8000-00000000a001', type: 'user', baseType: 'user', username: 'admin', name: 'Default Admin', description: '', me: true, mustChangePassword: false, enabled: true, principalIds: ['local://user-admin'], state: 'active', created: '2026-01-05T09:00:00Z', creatorId: null
    };
    const principal = {
      id: 'local://user-admin', type: 'principal', baseType: 'principal', name: 'Default Admin', loginName: 'admin', me: true, memberOf: false, principalType: 'user', provider: 'local'
    };
    const clusters = () => store.management.list('management.cattle.io.cluster').map((cluster) => ({
      id:            cluster.id,
      type:          'cluster',
      baseType:      'cluster',
      name:          cluster.spec.displayName,
      state:         'active',
      transitioning: 'no',
      driver:        cluster.status.driver,
      provider:      cluster.status.provider,
      internal:      cluster.id === 'local',
      version:       cluster.status.version,
      conditions:    cluster.status.conditions,
      nodeCount:     cluster.status.nodeCount,
    }));
    const schemaIds = ['user', 'principal', 'setting', 'cloudCredential', 'amazonec2credentialConfig', 'cluster', 'node', 'nodePool', 'nodeTemplate', 'project', 'token', 'authConfig', 'globalRole', 'globalRoleBinding', 'clusterRoleTemplateBinding', 'clusterRegistrationToken'];
    const registrationToken = (clusterId: string) => {
      const token = `fake${ clusterId.replace(/[^a-z0-9]/g, '') }token`;
      const manifestUrl = `${ base }/v3/import/${ token }_${ clusterId }.yaml`;

      return {
        id:                  `${ clusterId }:default-token`,
        type:                'clusterRegistrationToken',
        clusterId,
        name:                'default-token',
        namespaceId:         clusterId,
        state:               'active',
        token,
        manifestUrl,
        command:             `kubectl apply -f ${ manifestUrl }`,
        insecureCommand:     `curl --insecure -sfL ${ manifestUrl } | kubectl apply -f -`,
        nodeCommand:         `curl -fL ${ base }/system-agent-install.sh | sudo sh -s - --server ${ base } --label 'cattle.io/os=linux' --token ${ token }`,
        insecureNodeCommand: `curl --insecure -fL ${ base }/system-agent-install.sh | sudo sh -s - --server ${ base } --label 'cattle.io/os=linux' --token ${ token }`,
        windowsNodeCommand:  '',
      };
    };
    const collections: Record<string, { type: string, list: () => Record<string, unknown>[] }> = {
      users:            { type: 'user', list: () => [user] },
      principals:       { type: 'principal', list: () => [principal] },
      cloudcredentials: { type: 'cloudCredential', list: () => store.cloudCredentials },
      clusters:         { type: 'cluster', list: clusters },
      settings:         {
        type: 'setting',
        list: () => store.management.list('management.cattle.io.setting').map((s) => ({
          id: s.id, type: 'setting', name: s.id, value: s.value, default: s.default, customized: false, source: ''
        }))
      },
      authconfigs: {
        type: 'authConfig',
        list: () => [
          {
            id: 'local', type: 'localConfig', name: 'local', enabled: true, status: { conditions: [] }
          },
          ...['azuread', 'github', 'openldap', 'activedirectory', 'keycloakoidc', 'okta'].map((id) => ({
            id, type: `${ id }Config`, name: id, enabled: false, status: { conditions: [] }
          })),
        ],
      },
      clusterregistrationtokens:   { type: 'clusterRegistrationToken', list: () => [...ec2Clusters.map((cluster) => cluster.managementId), CUSTOM_CLUSTER.managementId].map(registrationToken) },
      clusterroletemplatebindings: { type: 'clusterRoleTemplateBinding', list: () => [] },
      projectroletemplatebindings: { type: 'projectRoleTemplateBinding', list: () => [] },
      nodes:                       { type: 'node', list: () => [] },
      nodepools:                   { type: 'nodePool', list: () => [] },
      nodetemplates:               { type: 'nodeTemplate', list: () => [] },
      tokens:                      { type: 'token', list: () => [] },
    };

    if (parts[0] === 'schemas') {
      const schemas = schemaIds.map((id) => normanSchema(id, v3, id === 'amazonec2credentialConfig' ? {
        accessKey:     {
          type: 'string', create: true, update: true
        },
        secretKey:     {
          type: 'password', create: true, update: true
        },
        defaultRegion: {
          type: 'string', create: true, update: true
        },
      } : {}));

      if (parts.length === 1) {
        return json(res, 200, normanCollection('schema', schemas, self));
      }
      const schema = schemas.find((s) => String(s.id).toLowerCase() === parts[1].toLowerCase());

      return schema ? json(res, 200, schema) : notFoundError(req, res, url.pathname);
    }

    // Norman accepts the type or its plural, in any case: /v3/authconfig/azuread, /v3/cloudCredentials.
    const name = (parts[0] || '').toLowerCase();
    const collection = collections[name] || collections[`${ name }s`];

    if (!collection) {
      return notFoundError(req, res, `${ url.pathname }${ url.search }`);
    }
    if (method === 'POST' && parts[0] === 'cloudcredentials' && parts.length === 1) {
      const body = JSON.parse(await readBody(req) || '{}');
      // Rancher keeps the secret key in a secret of its own and never returns it.
      const config = without(body.amazonec2credentialConfig || {}, ['secretKey']);
      const created = {
        ...body, amazonec2credentialConfig: config, id: `cattle-global-data:cc-${ generatedSuffix() }`, type: 'cloudCredential', baseType: 'cloudCredential', state: 'active', created: new Date().toISOString()
      };

      store.cloudCredentials.push(created);

      return json(res, 201, link('cloudcredentials', created));
    }
    if (method === 'POST' && url.searchParams.get('action')) {
      // Actions (logout, generateKubeconfig, ...) have nothing to do here.
      return json(res, 200, {});
    }
    if (parts.length === 1) {
      const reserved = new Set(['limit', 'marker', 'order', 'sort', 'action', 'exclude']);
      const filters = [...url.searchParams.entries()].filter(([key]) => !reserved.has(key));
      const data = collection.list().filter((object) => filters.every(([key, value]) => String(object[key]) === value)).map((object) => link(parts[0], object));

      return json(res, 200, normanCollection(collection.type, data, `${ self }${ url.search }`));
    }

    const object = collection.list().find((o) => o.id === parts[1]);

    return object ? json(res, 200, link(parts[0], object)) : notFoundError(req, res, url.pathname);
  }

  return norman;
}
