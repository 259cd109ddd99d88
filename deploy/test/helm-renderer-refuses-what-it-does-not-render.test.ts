import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderTemplateSource, UnsupportedTemplateError } from './support/render-helm-chart.ts';

const root = {
  Values: { name: 'kits', port: 3000, on: true, off: false, empty: {}, resources: { limits: { cpu: '2' }, requests: { cpu: '500m' } } },
  Release: { Name: 'shop', Namespace: 'default', Service: 'Helm' },
  Chart: { Name: 'kits', Version: '1.0.0', AppVersion: '1.0.0' },
};

describe('the Helm subset renderer (deploy/test/support/render-helm-chart.ts)', () => {
  it('renders values, quoting, toYaml with nindent, if blocks and whitespace trimming as Helm does', () => {
    const source = [
      'name: {{ .Release.Name }}-{{ .Values.name }}',
      'port: {{ .Values.port | quote }}',
      'spec:',
      '  resources:',
      '    {{- toYaml .Values.resources | nindent 4 }}',
      '{{- if .Values.on }}',
      'on: yes-rendered',
      '{{- end }}',
      '{{- if .Values.off }}',
      'off: not-rendered',
      '{{- end }}',
      '{{- if .Values.empty }}',
      'empty: not-rendered',
      '{{- end }}',
      'version: {{ .Chart.Version }} {{/* a comment renders as nothing */}}',
    ].join('\n');
    const rendered = renderTemplateSource(source, root);
    expect(rendered).toBe(
      [
        'name: shop-kits',
        'port: "3000"',
        'spec:',
        '  resources:',
        '    limits:',
        '      cpu: "2"',
        '    requests:',
        '      cpu: 500m',
        'on: yes-rendered',
        'version: 1.0.0 ',
      ].join('\n'),
    );
    expect(parse(rendered)).toMatchObject({ port: '3000', spec: { resources: { limits: { cpu: '2' } } } });
  });

  it.each([
    ['a range loop', '{{ range .Values.resources }}x{{ end }}'],
    ['a function it does not know', '{{ .Values.name | upper }}'],
    ['printf', '{{ printf "%s" .Values.name }}'],
    ['a comparison in if', '{{ if eq .Values.name "kits" }}x{{ end }}'],
    ['an else branch', '{{ if .Values.on }}a{{ else }}b{{ end }}'],
    ['a variable', '{{ $name := .Values.name }}'],
    ['a value values.yaml does not have', '{{ .Values.missing }}'],
    ['a map printed without toYaml', '{{ .Values.resources }}'],
    ['an object other than Values, Release and Chart', '{{ .Capabilities.KubeVersion }}'],
    ['an include of a define that does not exist', '{{ include "kits.nothing" . }}'],
    ['an if without its end', '{{ if .Values.on }}x'],
    ['an end without an if', 'x{{ end }}'],
    ['a trim marker without its space', '{{-.Values.name }}'],
  ])('throws on %s', (_what, source) => {
    expect(() => renderTemplateSource(source, root)).toThrow(UnsupportedTemplateError);
  });
});
