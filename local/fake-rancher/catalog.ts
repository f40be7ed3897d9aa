/**
 * The catalog install path of the fake Rancher (issue 18, item 3), first part: reading a Helm
 * repository's index.yaml, unpacking a chart .tgz and rendering its templates the way helm would,
 * for the small subset of the template language this renderer knows: `{{ .Values.x }}`,
 * `.Chart.Name`/`.Chart.Version`/`.Chart.AppVersion`, `.Release.Name`/`.Release.Namespace`,
 * `default`, `quote`, `if`/`else`/`end` and `{{-`/`-}}` trimming. Anything else fails loudly
 * with the construct named: the chart's own templates/cr.yaml uses `include` (of _helpers.tpl),
 * `semver`, `nindent` and `indent`, which this renderer does not have yet.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as yaml from 'js-yaml';
import * as tar from 'tar';

export interface TemplateContext {
  Values: Record<string, unknown>;
  Chart: { Name: string, Version: string, AppVersion?: string };
  Release: { Name: string, Namespace: string };
}

/** A Helm repository's index.yaml as the JSON Rancher's `?link=index` answers. */
export function parseIndex(text: string): Record<string, unknown> {
  return yaml.load(text) as Record<string, unknown>;
}

/** `over` merged into `base` (maps deeply, everything else replaced), as helm merges values. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };

  for (const [key, value] of Object.entries(over || {})) {
    const at = out[key];

    out[key] = value && typeof value === 'object' && !Array.isArray(value) && at && typeof at === 'object' && !Array.isArray(at) ? mergeValues(at as Record<string, unknown>, value as Record<string, unknown>) : value;
  }

  return out;
}

/** Unpacks a chart .tgz into a new temporary directory; returns the chart's directory. */
export async function unpackChart(tgz: string, chartName: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-chart-'));

  await tar.x({ file: tgz, cwd: dir });

  return join(dir, chartName);
}

function lookup(path: string, ctx: TemplateContext): unknown {
  if (!/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path)) {
    throw new Error(`template: unsupported operand "${ path }"`);
  }

  return path.slice(1).split('.').reduce((at: unknown, key) => (at as Record<string, unknown> | undefined)?.[key], ctx as unknown);
}

function operand(token: string, ctx: TemplateContext): unknown {
  if (/^".*"$/.test(token)) {
    return JSON.parse(token);
  }

  return lookup(token, ctx);
}

function empty(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' || value === 0 || (typeof value === 'object' && Object.keys(value as object).length === 0);
}

/** One pipeline: `a`, `default a b`, `a | quote`, `a | default b`. */
function evaluate(expression: string, ctx: TemplateContext): unknown {
  const stages = expression.split('|').map((s) => s.trim());
  let value: unknown;

  stages.forEach((stage, i) => {
    const words = stage.split(/\s+/);
    const piped = i > 0 ? [value] : [];
    const [fn, ...args] = words;

    if (words.length === 1 && fn.startsWith('.') && i === 0) {
      value = lookup(fn, ctx);
    } else if (fn === 'default') {
      const values = [...args.map((a) => operand(a, ctx)), ...piped];

      value = empty(values[values.length - 1]) ? values[0] : values[values.length - 1];
    } else if (fn === 'quote') {
      const values = [...args.map((a) => operand(a, ctx)), ...piped];

      value = values.map((v) => JSON.stringify(v === undefined || v === null ? '' : String(v))).join(' ');
    } else {
      throw new Error(`template: unsupported function or construct "${ fn }" in {{ ${ expression } }}`);
    }
  });

  return value;
}

function print(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Renders a chart template with helm's semantics for the constructs named at the top. */
export function renderTemplate(template: string, ctx: TemplateContext): string {
  const tokens: ({ text: string } | { action: string })[] = [];
  const pattern = /(\s*)\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}(\s*)/g;
  let last = 0;
  let match: RegExpExecArray | null;

  while ((match = pattern.exec(template))) {
    const [whole, before, trimLeft, action, trimRight, after] = match;

    tokens.push({ text: template.slice(last, match.index) + (trimLeft ? '' : before) });
    tokens.push({ action });
    // Whitespace after `}}` stays (it may open the next `{{-`); after `-}}` it goes.
    last = match.index + whole.length - (trimRight ? 0 : after.length);
    pattern.lastIndex = last;
  }
  tokens.push({ text: template.slice(last) });

  const out: string[] = [];
  const stack: { active: boolean, taken: boolean }[] = [];
  const live = () => stack.every((s) => s.active);

  for (const token of tokens) {
    if ('text' in token) {
      if (live()) {
        out.push(token.text);
      }
      continue;
    }
    const action = token.action;

    if (action.startsWith('/*')) {
      continue;
    }
    const ifMatch = /^if\s+(.+)$/.exec(action);

    if (ifMatch) {
      const truth = live() && !empty(evaluate(ifMatch[1], ctx));

      stack.push({ active: truth, taken: truth });
    } else if (action === 'else') {
      const top = stack[stack.length - 1];

      if (!top) {
        throw new Error('template: else without if');
      }
      top.active = !top.taken && stack.slice(0, -1).every((s) => s.active);
      top.taken = true;
    } else if (action === 'end') {
      if (!stack.pop()) {
        throw new Error('template: end without if');
      }
    } else if (live()) {
      out.push(print(evaluate(action, ctx)));
    } else {
      evaluate(action, ctx);
    }
  }
  if (stack.length) {
    throw new Error('template: if without end');
  }

  return out.join('');
}

/** Renders templates/cr.yaml of an unpacked chart with its values.yaml and `values` merged. */
export function renderUiPlugin(chartDir: string, values: Record<string, unknown>, release: { Name: string, Namespace: string }): Record<string, unknown> {
  const chart = yaml.load(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name: string, version: string, appVersion?: string };
  const defaults = (yaml.load(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) || {}) as Record<string, unknown>;
  const ctx: TemplateContext = {
    Values: mergeValues(defaults, values),
    Chart:  {
      Name: chart.name, Version: chart.version, AppVersion: chart.appVersion
    },
    Release: release
  };

  return yaml.load(renderTemplate(readFileSync(join(chartDir, 'templates', 'cr.yaml'), 'utf8'), ctx)) as Record<string, unknown>;
}
