/**
 * Go's text/template as Helm runs it (missing keys print nothing), for the constructs Helm charts
 * of UI extensions use: `{{- -}}` trimming, comments, `define`/`include`/`template`, `if`/`else
 * if`/`else`, `with`, `range` (maps in key order, as Go), variables, pipelines, parenthesised
 * pipelines with fields (`(semver x).Original`), and the Sprig functions below. Anything else
 * throws, naming it, so a chart this stand-in cannot render fails loudly instead of rendering wrong.
 */

type Value = unknown;
type Operand =
  | { kind: 'literal', value: Value }
  | { kind: 'field', base: 'dot' | string, path: string[] }
  | { kind: 'call', name: string }
  // eslint-disable-next-line no-use-before-define -- a pipeline holds operands that hold pipelines
  | { kind: 'sub', pipe: Pipeline, path: string[] };
interface Pipeline { declare?: string, assign?: string, commands: Operand[][] }
type Node =
  | { kind: 'text', text: string }
  | { kind: 'action', pipe: Pipeline }
  | { kind: 'if' | 'with', pipe: Pipeline, then: Node[], otherwise: Node[] }
  | { kind: 'range', pipe: Pipeline, keyVar?: string, valueVar?: string, body: Node[], otherwise: Node[] }
  | { kind: 'template', name: string, pipe?: Pipeline };

export class TemplateError extends Error {}

const isEmpty = (value: Value): boolean => value === undefined || value === null || value === false || value === 0 || value === '' ||
  (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value as object).length === 0);

/** How Go prints a value; Helm replaces `<no value>` with nothing. */
function print(value: Value): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Array.isArray(value)) {
    return `[${ value.map(print).join(' ') }]`;
  }
  if (typeof value === 'object') {
    return `map[${ Object.keys(value as object).sort().map((key) => `${ key }:${ print((value as Record<string, Value>)[key]) }`).join(' ') }]`;
  }

  return String(value);
}

const toText = (value: Value): string => (typeof value === 'string' ? value : print(value));
const indentLines = (spaces: number, text: string): string => text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');
const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** Sprig's (and Go's) functions as Helm has them; the last argument is the piped value. */
const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  default:    (fallback, given) => (isEmpty(given) ? fallback : given),
  quote:      (...values) => values.filter((v) => v !== undefined && v !== null).map((v) => JSON.stringify(toText(v))).join(' '),
  squote:     (...values) => values.filter((v) => v !== undefined && v !== null).map((v) => `'${ toText(v) }'`).join(' '),
  indent:     (spaces, text) => indentLines(Number(spaces), toText(text)),
  nindent:    (spaces, text) => `\n${ indentLines(Number(spaces), toText(text)) }`,
  trunc:      (length, text) => toText(text).slice(0, Number(length)),
  trimSuffix: (suffix, text) => (toText(text).endsWith(toText(suffix)) ? toText(text).slice(0, -toText(suffix).length || undefined) : toText(text)),
  trimPrefix: (prefix, text) => (toText(text).startsWith(toText(prefix)) ? toText(text).slice(toText(prefix).length) : toText(text)),
  trim:       (text) => toText(text).trim(),
  contains:   (needle, text) => toText(text).includes(toText(needle)),
  replace:    (from, to, text) => toText(text).split(toText(from)).join(toText(to)),
  lower:      (text) => toText(text).toLowerCase(),
  upper:      (text) => toText(text).toUpperCase(),
  printf:     (format, ...args) => {
    let i = 0;

    return toText(format).replace(/%([sdvq%])/g, (_, verb) => (verb === '%' ? '%' : verb === 'q' ? JSON.stringify(toText(args[i++])) : print(args[i++])));
  },
  semver: (version) => {
    const match = SEMVER.exec(toText(version));

    if (!match) {
      throw new TemplateError(`semver: invalid semantic version "${ toText(version) }"`);
    }

    return {
      Original: toText(version), Major: Number(match[1]), Minor: Number(match[2] || 0), Patch: Number(match[3] || 0), Prerelease: match[4] || '', Metadata: match[5] || ''
    };
  },
  not: (value) => isEmpty(value),
  eq:  (a, ...others) => others.some((b) => a === b),
  ne:  (a, b) => a !== b,
  and: (...values) => values.find(isEmpty) ?? values[values.length - 1],
  or:  (...values) => values.find((v) => !isEmpty(v)) ?? values[values.length - 1],
};

// ---------------------------------------------------------------- lexing: text and actions

interface Token { text?: string, action?: string }

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  let match: RegExpExecArray | null;

  while ((match = pattern.exec(source))) {
    let text = source.slice(last, match.index);

    if (trimNext) {
      text = text.replace(/^\s+/, '');
    }
    if (match[1]) {
      text = text.replace(/\s+$/, '');
    }
    tokens.push({ text }, { action: match[2].trim() });
    trimNext = Boolean(match[3]);
    last = pattern.lastIndex;
  }
  tokens.push({ text: trimNext ? source.slice(last).replace(/^\s+/, '') : source.slice(last) });

  return tokens.filter((t) => t.action !== undefined || t.text);
}

/** The words of an action: strings, parentheses, `|`, `:=`, `=`, `,` and bare words. */
function words(action: string): string[] {
  const out: string[] = [];
  const pattern = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\(|\)|\||:=|=|,|[^\s()|,=]+)/gy;
  let match: RegExpExecArray | null;

  while (pattern.lastIndex < action.length && (match = pattern.exec(action))) {
    out.push(match[1]);
  }
  if (action.slice(pattern.lastIndex).trim()) {
    throw new TemplateError(`template: cannot read "${ action }"`);
  }

  return out;
}

// ---------------------------------------------------------------- parsing

function parsePipeline(tokens: string[]): Pipeline {
  const pipe: Pipeline = { commands: [] };
  let at = 0;

  if (tokens[0]?.startsWith('$') && (tokens[1] === ':=' || tokens[1] === '=')) {
    pipe[tokens[1] === ':=' ? 'declare' : 'assign'] = tokens[0];
    at = 2;
  }
  let command: Operand[] = [];

  while (at < tokens.length) {
    const word = tokens[at++];

    if (word === '|') {
      pipe.commands.push(command);
      command = [];
    } else if (word === '(') {
      let depth = 1;
      const start = at;

      while (at < tokens.length && depth) {
        depth += tokens[at] === '(' ? 1 : tokens[at] === ')' ? -1 : 0;
        at++;
      }
      if (depth) {
        throw new TemplateError(`template: unclosed ( in "${ tokens.join(' ') }"`);
      }
      const inner = parsePipeline(tokens.slice(start, at - 1));
      const path = tokens[at]?.startsWith('.') && tokens[at].length > 1 ? tokens[at++].slice(1).split('.') : [];

      command.push({
        kind: 'sub', pipe: inner, path
      });
    } else {
      command.push(operand(word));
    }
  }
  pipe.commands.push(command);
  if (pipe.commands.some((c) => !c.length)) {
    throw new TemplateError(`template: empty command in "${ tokens.join(' ') }"`);
  }

  return pipe;
}

function operand(word: string): Operand {
  if (word.startsWith('"')) {
    return { kind: 'literal', value: JSON.parse(word) };
  }
  if (word.startsWith('`')) {
    return { kind: 'literal', value: word.slice(1, -1) };
  }
  if (/^-?\d+(\.\d+)?$/.test(word)) {
    return { kind: 'literal', value: Number(word) };
  }
  if (word === 'true' || word === 'false' || word === 'nil') {
    return { kind: 'literal', value: word === 'nil' ? null : word === 'true' };
  }
  if (word === '.') {
    return {
      kind: 'field', base: 'dot', path: []
    };
  }
  if (word.startsWith('.')) {
    return {
      kind: 'field', base: 'dot', path: word.slice(1).split('.')
    };
  }
  if (word.startsWith('$')) {
    const [name, ...path] = word.split('.');

    return {
      kind: 'field', base: name, path
    };
  }
  if (/^[A-Za-z_]\w*$/.test(word)) {
    if (!FUNCTIONS[word] && word !== 'include') {
      throw new TemplateError(`template: function "${ word }" not defined`);
    }

    return { kind: 'call', name: word };
  }
  throw new TemplateError(`template: unexpected "${ word }"`);
}

function parse(source: string, defines: Record<string, Node[]>): Node[] {
  const tokens = tokenize(source);
  let at = 0;

  // Reads nodes up to an `end` or `else` of the enclosing block; returns that keyword's action.
  function block(into: Node[]): string | undefined {
    while (at < tokens.length) {
      const token = tokens[at++];

      if (token.text !== undefined) {
        into.push({ kind: 'text', text: token.text });
        continue;
      }
      const action = token.action as string;

      if (action.startsWith('/*')) {
        continue;
      }
      const [keyword, ...rest] = words(action);

      if (keyword === 'end' || keyword === 'else') {
        return action;
      }
      if (keyword === 'define') {
        const body: Node[] = [];

        if (block(body) !== 'end') {
          throw new TemplateError(`template: define ${ rest[0] } has no end`);
        }
        defines[JSON.parse(rest[0])] = body;
      } else if (keyword === 'template') {
        into.push({
          kind: 'template', name: JSON.parse(rest[0]), pipe: rest.length > 1 ? parsePipeline(rest.slice(1)) : undefined
        });
      } else if (keyword === 'if' || keyword === 'with' || keyword === 'range') {
        into.push(control(keyword, rest));
      } else {
        into.push({ kind: 'action', pipe: parsePipeline(words(action)) });
      }
    }

    return undefined;
  }

  function control(keyword: 'if' | 'with' | 'range', rest: string[]): Node {
    const then: Node[] = [];
    const otherwise: Node[] = [];
    let closing = block(then);

    if (closing && /^else\s+if\s/.test(closing)) {
      // `else if x` is `else` holding an `if x … end` that shares this block's `end`.
      otherwise.push(control('if', words(closing).slice(2)));
      closing = 'end';
    } else if (closing === 'else') {
      closing = block(otherwise);
    }
    if (closing !== 'end') {
      throw new TemplateError(`template: ${ keyword } has no end`);
    }
    if (keyword !== 'range') {
      return {
        kind: keyword, pipe: parsePipeline(rest), then, otherwise
      };
    }
    const declared = rest.indexOf(':=');
    const vars = declared > 0 ? rest.slice(0, declared).filter((w) => w !== ',') : [];

    return {
      kind: 'range', pipe: parsePipeline(declared > 0 ? rest.slice(declared + 1) : rest), keyVar: vars.length === 2 ? vars[0] : undefined, valueVar: vars[vars.length - 1], body: then, otherwise
    };
  }

  const nodes: Node[] = [];

  if (block(nodes) !== undefined) {
    throw new TemplateError('template: unexpected end or else');
  }

  return nodes;
}

// ---------------------------------------------------------------- evaluation

/** Variables: each block declares its own; `$x = …` sets the one it names in an enclosing block. */
class Variables {
  private readonly own = new Map<string, Value>();
  private readonly parent?: Variables;

  constructor(parent?: Variables) {
    this.parent = parent;
  }

  child(): Variables {
    return new Variables(this);
  }

  declare(name: string, value: Value): void {
    this.own.set(name, value);
  }

  assign(name: string, value: Value): void {
    const owner = this.owner(name);

    if (!owner) {
      throw new TemplateError(`template: undefined variable "${ name }"`);
    }
    owner.own.set(name, value);
  }

  get(name: string): Value {
    const owner = this.owner(name);

    if (!owner) {
      throw new TemplateError(`template: undefined variable "${ name }"`);
    }

    return owner.own.get(name);
  }

  private owner(name: string): Variables | undefined {
    return this.own.has(name) ? this : this.parent?.owner(name);
  }
}

interface Scope { dot: Value, vars: Variables }

/** `.a.b` of a value as Go evaluates it: a missing key is nothing, a field of nothing an error. */
function field(value: Value, path: string[]): Value {
  return path.reduce((at: Value, key) => {
    if (at === undefined || at === null) {
      throw new TemplateError(`template: nil pointer evaluating interface {}.${ key }`);
    }
    if (typeof at !== 'object' || Array.isArray(at)) {
      throw new TemplateError(`template: can't evaluate field ${ key } in type ${ Array.isArray(at) ? 'slice' : typeof at }`);
    }

    return (at as Record<string, Value>)[key];
  }, value);
}

const topScope = (dot: Value): Scope => {
  const vars = new Variables();

  vars.declare('$', dot);

  return { dot, vars };
};

export class GoTemplates {
  private readonly defines: Record<string, Node[]> = {};

  /** Reads the `define`s of every file (helpers such as `_helpers.tpl`), so that all may include them. */
  constructor(files: Record<string, string>) {
    for (const [name, source] of Object.entries(files)) {
      try {
        parse(source, this.defines);
      } catch (error) {
        throw new TemplateError(`${ name }: ${ (error as Error).message }`);
      }
    }
  }

  /** The output of a named `define`, given `dot`. */
  include(name: string, dot: Value): string {
    const body = this.defines[name];

    if (!body) {
      throw new TemplateError(`template: no template "${ name }"`);
    }

    return this.run(body, topScope(dot));
  }

  /** Renders a source (its own defines join the others). */
  render(source: string, dot: Value): string {
    return this.run(parse(source, this.defines), topScope(dot));
  }

  private run(nodes: Node[], scope: Scope): string {
    let out = '';

    for (const node of nodes) {
      if (node.kind === 'text') {
        out += node.text;
      } else if (node.kind === 'action') {
        const value = this.pipeline(node.pipe, scope);

        out += node.pipe.declare || node.pipe.assign ? '' : print(value);
      } else if (node.kind === 'template') {
        out += this.include(node.name, node.pipe ? this.pipeline(node.pipe, scope) : undefined);
      } else if (node.kind === 'range') {
        out += this.range(node, scope);
      } else {
        const value = this.pipeline(node.pipe, scope);
        const taken = !isEmpty(value);

        out += this.run(taken ? node.then : node.otherwise, { dot: taken && node.kind === 'with' ? value : scope.dot, vars: scope.vars.child() });
      }
    }

    return out;
  }

  private range(node: Extract<Node, { kind: 'range' }>, scope: Scope): string {
    const value = this.pipeline(node.pipe, scope);
    const entries: [Value, Value][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value && typeof value === 'object' ? Object.keys(value).sort().map((k) => [k, (value as Record<string, Value>)[k]]) : [];

    if (!entries.length) {
      return this.run(node.otherwise, { dot: scope.dot, vars: scope.vars.child() });
    }

    return entries.map(([key, item]) => {
      const vars = scope.vars.child();

      if (node.keyVar) {
        vars.declare(node.keyVar, key);
      }
      if (node.valueVar) {
        vars.declare(node.valueVar, item);
      }

      return this.run(node.body, { dot: item, vars });
    }).join('');
  }

  private pipeline(pipe: Pipeline, scope: Scope): Value {
    let value: Value;

    pipe.commands.forEach((command, i) => {
      value = this.command(command, scope, i > 0 ? [value] : []);
    });
    if (pipe.declare) {
      scope.vars.declare(pipe.declare, value);
    } else if (pipe.assign) {
      scope.vars.assign(pipe.assign, value);
    }

    return value;
  }

  private command(command: Operand[], scope: Scope, piped: Value[]): Value {
    const [head, ...args] = command;

    if (head.kind !== 'call') {
      if (args.length || piped.length) {
        throw new TemplateError('template: can\'t give argument to non-function');
      }

      return this.operand(head, scope);
    }
    const values = [...args.map((a) => this.operand(a, scope)), ...piped];

    return head.name === 'include' ? this.include(toText(values[0]), values[1]) : FUNCTIONS[head.name](...values);
  }

  private operand(op: Operand, scope: Scope): Value {
    switch (op.kind) {
    case 'literal':
      return op.value;
    case 'sub':
      return field(this.pipeline(op.pipe, scope), op.path);
    case 'call':
      return this.command([op], scope, []);
    default:
      return field(op.base === 'dot' ? scope.dot : scope.vars.get(op.base), op.path);
    }
  }
}
