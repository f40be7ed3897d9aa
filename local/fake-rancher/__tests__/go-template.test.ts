import { readFileSync } from 'fs';
import { join } from 'path';
import { load } from 'js-yaml';
import { GoTemplates } from '../go-template';

const dot = {
  Values:  {
    name: 'x', empty: '', list: ['a', 'b'], map: { b: 2, a: 1 }, yes: true, plugin: { metadata: { 'z-key': 'last', 'a-key': 'first' } }
  },
  Chart:   {
    Name: 'aws-cloud-provider', Version: '0.1.0+build.1', AppVersion: '0.1.0'
  },
  Release: {
    Name: 'aws-cloud-provider', Namespace: 'cattle-ui-plugin-system', Service: 'Helm'
  },
};
const render = (source: string, helpers = '') => new GoTemplates({ '_helpers.tpl': helpers }).render(source, dot);

describe('Go templates as Helm renders them', () => {
  it.each([
    ['a field, a missing key prints nothing', '{{ .Values.name }}/{{ .Values.nope }}', 'x/'],
    ['trim markers eat whitespace and newlines on their side only', 'a  \n  {{- .Values.name -}}  \n  b {{ .Values.name }} c', 'axb x c'],
    ['comments print nothing', 'a{{/* note */}}b{{- /* trimmed */ -}} c', 'abc'],
    ['pipelines pass the value last', '{{ .Values.empty | default "fallback" | quote }}', '"fallback"'],
    ['default keeps a non-empty value', '{{ default "fallback" .Values.name }}', 'x'],
    ['if / else if / else', '{{ if .Values.empty }}1{{ else if .Values.yes }}2{{ else }}3{{ end }}', '2'],
    ['with sets dot, else keeps it', '{{ with .Values.map }}{{ .a }}{{ end }}{{ with .Values.empty }}no{{ else }}{{ .Values.name }}{{ end }}', '1x'],
    ['range over a map goes in key order, with key and value', '{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }}', 'a=1;b=2;'],
    ['range over a list, and its else', '{{ range .Values.list }}[{{ . }}]{{ end }}{{ range .Values.empty }}x{{ else }}none{{ end }}', '[a][b]none'],
    ['variables, and $ is the top', '{{ $n := .Values.name }}{{ with .Values.map }}{{ $n }}{{ $.Values.name }}{{ end }}', 'xx'],
    ['an assignment in a block changes the outer variable', '{{ $n := "a" }}{{ if .Values.yes }}{{ $n = "b" }}{{ end }}{{ $n }}', 'b'],
    ['a parenthesised pipeline with a field', '{{ (semver .Chart.Version).Original }} {{ (semver .Chart.Version).Minor }}', '0.1.0+build.1 1'],
    ['printf, replace, trunc, trimSuffix, contains', '{{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 22 | trimSuffix "-" }} {{ contains "aws" .Release.Name }}', 'aws-cloud-provider-0.1 true'],
    ['indent and nindent', 'k:{{ "a: 1\\nb: 2" | nindent 2 }}\n{{ "c" | indent 4 }}', 'k:\n  a: 1\n  b: 2\n    c'],
    ['and: the first empty argument, nil included, else the last', '[{{ and .Values.nope .Values.name }}][{{ and .Values.yes .Values.name }}]', '[][x]'],
    ['or: the first non-empty argument, else the last', '{{ or .Values.empty .Values.name }}', 'x'],
    ['define and include, and template', '{{- define "t" -}}<{{ .Chart.Name }}>{{- end -}}{{ include "t" . }}{{ template "t" . }}', '<aws-cloud-provider><aws-cloud-provider>'],
  ])('%s', (_, source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    ['an unknown function', '{{ toYaml .Values }}', 'function "toYaml" not defined'],
    ['a field of nothing', '{{ .Values.nope.deeper }}', 'nil pointer evaluating interface {}.deeper'],
    ['an invalid version', '{{ semver "latest" }}', 'invalid semantic version "latest"'],
    ['an undefined variable', '{{ $nope }}', 'undefined variable "$nope"'],
    ['a block without end', '{{ if .Values.yes }}a', 'if has no end'],
    ['a missing define', '{{ include "nope" . }}', 'no template "nope"'],
  ])('fails loudly on %s', (_, source, message) => {
    expect(() => render(source)).toThrow(message);
  });

  it('renders the shell\'s own UIPlugin template with its helpers as helm would', () => {
    const chartDir = join(__dirname, '..', '..', '..', 'node_modules', '@rancher', 'shell', 'scripts', 'extension', 'helm', 'charts', 'ui-plugin-server');
    const templates = new GoTemplates({ '_helpers.tpl': readFileSync(join(chartDir, 'templates', '_helpers.tpl'), 'utf8') });
    const values = {
      nameOverride:     '',
      fullnameOverride: '',
      plugin:           {
        versionOverride: '', endpoint: 'https://example.org/extensions/aws-cloud-provider/0.1.0', compressedEndpoint: 'https://example.org/extensions/aws-cloud-provider/0.1.0.tgz', noCache: false, noAuth: false, metadata: { 'catalog.cattle.io/display-name': 'AWS cloud provider', 'catalog.cattle.io/rancher-version': '>= 2.10.0-0' }
      }
    };
    const out = templates.render(readFileSync(join(chartDir, 'templates', 'cr.yaml'), 'utf8'), {
      ...dot, Values: values, Chart: { ...dot.Chart, Version: '0.1.0' }
    });

    expect(load(out)).toEqual({
      apiVersion: 'catalog.cattle.io/v1',
      kind:       'UIPlugin',
      metadata:   {
        name:      'aws-cloud-provider',
        namespace: 'cattle-ui-plugin-system',
        labels:    {
          'helm.sh/chart': 'aws-cloud-provider-0.1.0', 'app.kubernetes.io/name': 'aws-cloud-provider', 'app.kubernetes.io/instance': 'aws-cloud-provider', 'app.kubernetes.io/version': '0.1.0', 'app.kubernetes.io/managed-by': 'Helm'
        },
      },
      spec: {
        plugin: {
          name: 'aws-cloud-provider', version: '0.1.0', endpoint: values.plugin.endpoint, compressedEndpoint: values.plugin.compressedEndpoint, noCache: false, noAuth: false, metadata: values.plugin.metadata
        }
      },
    });
  });
});
