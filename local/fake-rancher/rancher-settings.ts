/**
 * Rancher's global settings and feature flags, as the dashboard reads them.
 */

import { K3S_VERSIONS, RANCHER_VERSION, RKE2_VERSIONS } from './ids';

/** Rancher's default agent affinity: prefer nodes that are not workers, avoid Windows. */
const AGENT_AFFINITY = JSON.stringify({
  nodeAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [{
      preference: {
        matchExpressions: [{
          key: 'fleet.cattle.io/agent', operator: 'In', values: ['true']
        }]
      },
      weight: 1
    }],
    requiredDuringSchedulingIgnoredDuringExecution:  {
      nodeSelectorTerms: [{
        matchExpressions: [{
          key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows']
        }]
      }]
    },
  },
});

/** Global settings, by ID. `server-url` is filled in by the server with the URL it listens on. */
export function settings(serverUrl: string): Record<string, string> {
  return {
    'first-login':                                 'false',
    'eula-agreed':                                 '2026-01-05T09:00:00Z',
    'server-url':                                  serverUrl,
    'server-version':                              RANCHER_VERSION,
    'ui-pl':                                       'rancher',
    'ui-brand':                                    '',
    'ui-banners':                                  '{}',
    'ui-issues':                                   '',
    'ui-custom-links':                             '{}',
    'ui-community-links':                          'true',
    'ui-performance':                              '',
    'ui-offline-preferred':                        'true',
    'ui-index':                                    'local://',
    'ui-dashboard-index':                          'local://',
    'ui-content-enabled':                          'false',
    'ui-content-endpoint':                         '',
    'ui-k8s-supported-versions-range':             '>= 1.30.0 <= 1.34.x',
    'has-support':                                 'false',
    'telemetry-opt':                               'out',
    'hide-local-cluster':                          'false',
    'rke2-default-version':                        RKE2_VERSIONS[0],
    'k3s-default-version':                         K3S_VERSIONS[0],
    'cluster-agent-default-priority-class':        'null',
    'cluster-agent-default-pod-disruption-budget': 'null',
    // Shell 3.0.13 (Rancher 2.15) reads the fleet agent's defaults too (utils/cluster.js, initSchedulingCustomization).
    'fleet-agent-default-priority-class':          'null',
    'fleet-agent-default-pod-disruption-budget':   'null',
    'cluster-agent-default-affinity':              AGENT_AFFINITY,
    'fleet-agent-default-affinity':                AGENT_AFFINITY,
    'display-add-extension-repos-banner':          'false',
    'agent-tls-mode':                              'strict',
    'system-default-registry':                     '',
    'ingress-ip-domain':                           'sslip.io',
    'kubeconfig-generate-token':                   'true',
    'auth-user-session-ttl-minutes':               '960',
    'password-min-length':                         '12',
    'system-namespaces':                           'kube-system,kube-public,cattle-system,cattle-global-data,cattle-fleet-system,cattle-ui-plugin-system,fleet-default,fleet-local,local',
    'imported-cluster-version-management':         'true',
  };
}

export const FEATURES: Record<string, boolean> = {
  'multi-cluster-management':               true,
  'multi-cluster-management-agent':         false,
  rke2:                                     true,
  provisioningv2:                           true,
  'embedded-cluster-api':                   true,
  fleet:                                    true,
  uiextension:                              true,
  'ui-sql-cache':                           false,
  harvester:                                false,
  'harvester-baremetal-container-workload': false,
  'rke1-custom-node-cleanup':               false,
  'token-hashing':                          false,
  'unsupported-storage-drivers':            false,
  'istio-virtual-service-ui':               false,
  'continuous-delivery':                    true,
  legacy:                                   false,
  'external-rules':                         true,
  'aggregated-roletemplates':               false,
  'clean-stale-secrets':                    true,
};
