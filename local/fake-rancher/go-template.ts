/**
 * Go's text/template as Helm runs it (missing keys print nothing), for the constructs Helm charts
 * of UI extensions use: `{{- -}}` trimming, comments, `define`/`include`/`template`, `if`/`else
 * if`/`else`, `with`, `range` (maps in key order, as Go), variables, pipelines, parenthesised
 * pipelines with fields (`(semver x).Original`), and the Sprig functions of sprig.ts. Anything else
 * throws, naming it, so a chart this stand-in cannot render fails loudly instead of rendering wrong.
 */
import { Node, parse, Pipeline, Operand } from './go-template-parse';
import {
  FUNCTIONS, isEmpty, print, TemplateError, toText, Value
} from './sprig';

export { TemplateError } from './sprig';

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
