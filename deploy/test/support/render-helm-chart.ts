import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Renders deploy/helm/kits the way `helm template` would, for a deliberately small subset of Helm's
 * template language — `helm` is not on this machine. What the chart may use:
 *   {{ .Values.a.b }}  {{ .Release.Name }}  {{ .Release.Namespace }}  {{ .Release.Service }}
 *   {{ .Chart.Name }}  {{ .Chart.Version }}  {{ .Chart.AppVersion }}
 *   a pipeline of those with `| quote`, `| nindent N`, `| toYaml`; `toYaml X`; `include "name" .`
 *   {{- if X }} … {{- end }}, {{- define "name" -}} … {{- end }} (in `_*.tpl`), {{/* comments *\/}}
 *   and the `{{-` / `-}}` whitespace trimming.
 * Anything else throws, naming the file and the construct, so the chart cannot drift outside what
 * the invariant tests check.
 */

export class UnsupportedTemplateError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail} — the chart uses only the Helm subset deploy/test/support/render-helm-chart.ts renders`);
    this.name = 'UnsupportedTemplateError';
  }
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'output'; readonly pipeline: string }
  | { readonly kind: 'if'; readonly condition: string; readonly body: Node[] }
  | { readonly kind: 'define'; readonly name: string; readonly body: Node[] };

interface Scope {
  readonly file: string;
  readonly root: Readonly<Record<string, unknown>>;
  readonly defines: ReadonlyMap<string, Node[]>;
}

const ACTION = /\{\{(-?)(\s*)([\s\S]*?)(\s*)(-?)\}\}/g;

/** Splits a template into text and actions, applying `{{-` and `-}}` trimming to the text around them. */
function tokens(file: string, source: string): Array<{ text: string } | { action: string }> {
  const parts: Array<{ text: string } | { action: string }> = [];
  let at = 0;
  let trimNext = false;
  for (const match of source.matchAll(ACTION)) {
    const [whole, trimBefore, spaceBefore, action, spaceAfter, trimAfter] = match;
    // Go templates need a space between the trim marker and the action: `{{-3}}` is a number.
    if ((trimBefore && !spaceBefore) || (trimAfter && !spaceAfter))
      throw new UnsupportedTemplateError(file, `"${whole}" (trim marker without a space)`);
    let text = source.slice(at, match.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (trimBefore) text = text.replace(/\s+$/, '');
    parts.push({ text });
    parts.push({ action: action! });
    at = match.index + whole.length;
    trimNext = trimAfter === '-';
  }
  const rest = source.slice(at);
  if (rest.includes('{{') || rest.includes('}}')) throw new UnsupportedTemplateError(file, 'an unclosed "{{" or a stray "}}"');
  parts.push({ text: trimNext ? rest.replace(/^\s+/, '') : rest });
  return parts;
}

/** Builds the tree of `if`/`define` blocks; `end` closes the innermost one. */
function parseTemplate(file: string, source: string): Node[] {
  const root: Node[] = [];
  const open: Array<{ body: Node[]; node?: Node }> = [{ body: root }];
  for (const part of tokens(file, source)) {
    const body = open.at(-1)!.body;
    if ('text' in part) {
      if (part.text) body.push({ kind: 'text', text: part.text });
      continue;
    }
    const action = part.action;
    if (/^\/\*[\s\S]*\*\/$/.test(action)) continue;
    const ifMatch = /^if\s+(.+)$/.exec(action);
    const defineMatch = /^define\s+"([\w.-]+)"$/.exec(action);
    if (ifMatch) {
      const node: Node = { kind: 'if', condition: ifMatch[1]!, body: [] };
      body.push(node);
      open.push({ body: node.body, node });
    } else if (defineMatch) {
      if (open.length > 1) throw new UnsupportedTemplateError(file, `"define ${defineMatch[1]}" inside another block`);
      const node: Node = { kind: 'define', name: defineMatch[1]!, body: [] };
      body.push(node);
      open.push({ body: node.body, node });
    } else if (action === 'end') {
      if (open.length === 1) throw new UnsupportedTemplateError(file, '"end" without an open "if" or "define"');
      open.pop();
    } else if (/^(else|range|with|block|template|\$|[a-z]+\s*:=)/.test(action)) {
      throw new UnsupportedTemplateError(file, `"{{ ${action} }}"`);
    } else {
      body.push({ kind: 'output', pipeline: action });
    }
  }
  if (open.length > 1) throw new UnsupportedTemplateError(file, 'an "if" or "define" without its "end"');
  return root;
}

/** `.Values.a.b`, `.Release.Name`, `.Chart.Version`: a value that must exist (Helm would print `<no value>`). */
function lookup(scope: Scope, reference: string): unknown {
  const match = /^\.(Values|Release|Chart)((?:\.[A-Za-z_][\w]*)*)$/.exec(reference);
  if (!match) throw new UnsupportedTemplateError(scope.file, `"${reference}" (only .Values, .Release and .Chart fields are rendered)`);
  let value: unknown = scope.root[match[1]!];
  for (const key of match[2]!.split('.').filter(Boolean)) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      throw new UnsupportedTemplateError(scope.file, `"${reference}" names nothing in values.yaml, the release or Chart.yaml`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** How Go's text/template prints a scalar; a map or list must go through toYaml. */
function printed(file: string, value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnsupportedTemplateError(
    file,
    `"${what}" is a ${value === null ? 'null' : Array.isArray(value) ? 'list' : 'map'}: pipe it through toYaml`,
  );
}

/** Helm's toYaml: sorted keys, sequences not indented under their key, no trailing newline. */
const toYaml = (value: unknown): string => stringify(value, { sortMapEntries: true, indentSeq: false }).replace(/\n$/, '');

function evaluatePipeline(scope: Scope, pipeline: string): unknown {
  const [first, ...stages] = pipeline.split('|').map((stage) => stage.trim());
  let value: unknown;
  const include = /^include\s+"([\w.-]+)"\s+\.$/.exec(first!);
  const toYamlOf = /^toYaml\s+(\S+)$/.exec(first!);
  if (include) {
    const body = scope.defines.get(include[1]!);
    if (!body) throw new UnsupportedTemplateError(scope.file, `include of "${include[1]}", which no _*.tpl defines`);
    value = renderNodes(scope, body);
  } else if (toYamlOf) {
    value = toYaml(lookup(scope, toYamlOf[1]!));
  } else if (/^"[^"\\]*"$/.test(first!)) {
    value = first!.slice(1, -1);
  } else {
    value = lookup(scope, first!);
  }
  for (const stage of stages) {
    const nindent = /^nindent\s+(\d+)$/.exec(stage);
    if (stage === 'quote') value = JSON.stringify(printed(scope.file, value, pipeline));
    else if (stage === 'toYaml') value = toYaml(value);
    else if (nindent) {
      const pad = ' '.repeat(Number(nindent[1]));
      value = `\n${pad}${printed(scope.file, value, pipeline).replaceAll('\n', `\n${pad}`)}`;
    } else throw new UnsupportedTemplateError(scope.file, `"${stage}" in "{{ ${pipeline} }}"`);
  }
  return value;
}

/** Go templates' truth: false, 0, nil and empty strings, lists and maps are false. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function renderNodes(scope: Scope, nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'output') out += printed(scope.file, evaluatePipeline(scope, node.pipeline), node.pipeline);
    else if (node.kind === 'if') {
      if (!/^\.[\w.]+$/.test(node.condition))
        throw new UnsupportedTemplateError(scope.file, `"if ${node.condition}" (only "if .Values.x")`);
      if (truthy(lookup(scope, node.condition))) out += renderNodes(scope, node.body);
    } else throw new UnsupportedTemplateError(scope.file, `"define ${node.name}" outside a _*.tpl file`);
  }
  return out;
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const under = merged[key];
    const bothMaps = [under, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    merged[key] = bothMaps ? deepMerge(under as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return merged;
}

export interface RenderedTemplate {
  /** The template's file name under templates/. */
  readonly file: string;
  readonly text: string;
}

export interface RenderOptions {
  readonly releaseName?: string;
  readonly namespace?: string;
  /** Deep-merged over values.yaml, as `helm template -f` would. */
  readonly values?: Record<string, unknown>;
}

/** Renders every `templates/*.yaml` of the chart in `chartDir` (helpers from `templates/_*.tpl`). */
export function renderHelmChart(chartDir: string, options: RenderOptions = {}): RenderedTemplate[] {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  const values = deepMerge(parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>, options.values ?? {});
  const root = {
    Values: values,
    Release: { Name: options.releaseName ?? 'kits', Namespace: options.namespace ?? 'default', Service: 'Helm' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const templatesDir = join(chartDir, 'templates');
  const files = readdirSync(templatesDir).sort();
  const defines = new Map<string, Node[]>();
  for (const file of files.filter((name) => name.startsWith('_'))) {
    if (!file.endsWith('.tpl')) throw new UnsupportedTemplateError(file, 'a partial that is not a .tpl file');
    for (const node of parseTemplate(file, readFileSync(join(templatesDir, file), 'utf8'))) {
      if (node.kind === 'define') defines.set(node.name, node.body);
      else if (node.kind !== 'text' || node.text.trim())
        throw new UnsupportedTemplateError(file, 'content outside a "define" in a partial');
    }
  }
  return files
    .filter((name) => !name.startsWith('_'))
    .map((file) => {
      if (!/\.ya?ml$/.test(file)) throw new UnsupportedTemplateError(file, 'a template that is not .yaml (helm would not apply it)');
      const nodes = parseTemplate(file, readFileSync(join(templatesDir, file), 'utf8'));
      return { file, text: renderNodes({ file, root, defines }, nodes) };
    });
}

/** Renders one template source against the chart's values: how the tests prove the renderer refuses what it does not know. */
export function renderTemplateSource(source: string, root: Record<string, unknown> = { Values: {}, Release: {}, Chart: {} }): string {
  return renderNodes({ file: 'inline template', root, defines: new Map() }, parseTemplate('inline template', source));
}
