/**
 * The extension's Helm chart, made from the chart template that the installed @rancher/shell
 * ships (scripts/extension/helm/charts/ui-plugin-server) the way its publish script patches
 * it: scripts/extension/helm/scripts/patch (name, versions, description, icon, keywords,
 * home; the package's annotations as the UIPlugin's metadata) and scripts/extension/helmpatch
 * (the annotations on Chart.yaml; endpoint and compressedEndpoint). Reading the template from
 * node_modules keeps the chart in step with the shell this project pins.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { dump, load } from 'js-yaml';

export const SHELL_CHART_DIR = join(__dirname, '..', '..', 'node_modules', '@rancher', 'shell', 'scripts', 'extension', 'helm', 'charts', 'ui-plugin-server');

/** What the chart reads from pkg/<name>/package.json. */
export interface ExtensionPackage {
  name: string;
  version: string;
  description?: string;
  icon?: string;
  homepage?: string;
  keywords?: string[];
  rancher?: { annotations?: Record<string, string>, noAuth?: boolean };
}

export interface ChartOptions {
  pkg: ExtensionPackage;
  /** Where Rancher fetches the plugin's files: the folder holding plugin/ and files.txt. */
  endpoint: string;
  /** pkg/<name>/README.md, shown by Rancher as the chart's README. */
  readme?: Uint8Array;
}

/** A file of the chart, its path relative to the chart's folder. */
export interface ChartFile { path: string, data: Uint8Array }

// Bytes as Uint8Array, not Buffer: this project's TypeScript lib and @types/node disagree on Buffer.
export const utf8 = {
  encode: (text: string): Uint8Array => new TextEncoder().encode(text),
  decode: (data: Uint8Array): string => new TextDecoder().decode(data),
};

function templateFiles(dir: string, base = dir): ChartFile[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);

    return statSync(path).isDirectory() ? templateFiles(path, base) : [{ path: relative(base, path).split('\\').join('/'), data: new Uint8Array(readFileSync(path)) }];
  });
}

/** Helm writes YAML through JSON, so keys come out sorted; so do ours. */
export function yaml(value: unknown): string {
  return dump(value, {
    sortKeys: true, lineWidth: -1, quotingType: '"'
  });
}

/**
 * The chart's files in the order `helm package` archives them: Chart.yaml, values.yaml, the
 * templates, then the other files (README.md, .helmignore).
 */
export function chartFiles({ pkg, endpoint, readme }: ChartOptions, templateDir = SHELL_CHART_DIR): ChartFile[] {
  if (!existsSync(join(templateDir, 'Chart.yaml'))) {
    throw new Error(`no chart template at ${ templateDir }: is @rancher/shell installed?`);
  }

  const template = templateFiles(templateDir);
  const read = (path: string) => {
    const file = template.find((f) => f.path === path);

    if (!file) {
      throw new Error(`the shell's chart template has no ${ path }`);
    }

    return load(utf8.decode(file.data));
  };
  const chart = read('Chart.yaml') as Record<string, unknown> & { annotations?: Record<string, string> };
  const values = read('values.yaml') as { plugin: Record<string, unknown> & { metadata?: Record<string, string> } };
  const annotations = pkg.rancher?.annotations || {};

  // scripts/extension/helm/scripts/patch
  Object.assign(chart, {
    name: pkg.name, appVersion: pkg.version, version: pkg.version
  });
  for (const [key, value] of [['description', pkg.description], ['icon', pkg.icon], ['keywords', pkg.keywords], ['home', pkg.homepage]] as const) {
    if (value === undefined) {
      delete chart[key];
    } else {
      chart[key] = value;
    }
  }
  values.plugin.metadata = { ...values.plugin.metadata, ...annotations };
  if (pkg.rancher?.noAuth) {
    values.plugin.noAuth = true;
  }
  // scripts/extension/helmpatch
  chart.annotations = { ...chart.annotations, ...annotations };
  values.plugin.endpoint = endpoint;
  values.plugin.compressedEndpoint = `${ endpoint }.tgz`;

  const rest = template.filter((f) => !['Chart.yaml', 'values.yaml'].includes(f.path));

  return [
    { path: 'Chart.yaml', data: utf8.encode(yaml(chart)) },
    { path: 'values.yaml', data: utf8.encode(yaml(values)) },
    ...rest.filter((f) => f.path.startsWith('templates/')),
    ...(readme ? [{ path: 'README.md', data: readme }] : []),
    ...rest.filter((f) => !f.path.startsWith('templates/')),
  ];
}
