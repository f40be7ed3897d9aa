import { existsSync } from 'fs';
import { join } from 'path';
import {
  mergeValues, renderTemplate, renderUiPlugin, TemplateContext, unpackChart
} from '../catalog';

const ctx: TemplateContext = {
  Values:  {
    plugin: {
      endpoint: 'http://x/plugin', noAuth: false, versionOverride: ''
    }
  },
  Chart:   { Name: 'aws-cloud-provider', Version: '0.1.0' },
  Release: { Name: 'aws-cloud-provider', Namespace: 'cattle-ui-plugin-system' },
};

describe('catalog template renderer', () => {
  it('renders values, chart and release fields, default, quote and if', () => {
    const out = renderTemplate([
      'name: {{ .Chart.Name }}',
      'ns: {{ .Release.Namespace }}',
      'endpoint: {{ .Values.plugin.endpoint | quote }}',
      'version: {{ default .Chart.Version .Values.plugin.versionOverride }}',
      '{{- if .Values.plugin.noAuth }}',
      'noAuth: yes',
      '{{- else }}',
      'noAuth: no',
      '{{- end }}',
    ].join('\n'), ctx);

    expect(out).toBe('name: aws-cloud-provider\nns: cattle-ui-plugin-system\nendpoint: "http://x/plugin"\nversion: 0.1.0\nnoAuth: no');
  });

  it('fails loudly on a construct it does not know', () => {
    expect(() => renderTemplate('{{ include "x" . }}', ctx)).toThrow(/unsupported function or construct "include"/);
  });

  it('merges request values over values.yaml deeply', () => {
    expect(mergeValues({ plugin: { a: 1, b: 2 } }, { plugin: { b: 3 } })).toEqual({ plugin: { a: 1, b: 3 } });
  });

  const tgz = join(__dirname, '..', '..', '..', 'dist-catalog', 'assets', 'aws-cloud-provider', 'aws-cloud-provider-0.1.0.tgz');

  (existsSync(tgz) ? it : it.skip)('says which construct of the packaged chart cr.yaml it lacks', async() => {
    const dir = await unpackChart(tgz, 'aws-cloud-provider');

    expect(() => renderUiPlugin(dir, {}, { Name: 'aws-cloud-provider', Namespace: 'cattle-ui-plugin-system' })).toThrow(/unsupported function or construct "include"/);
  });
});
