/**
 * Go's text/template read into nodes: `{{- -}}` trimming and comments, actions split into words,
 * pipelines of commands, and the blocks (`define`, `if`/`else if`/`else`, `with`, `range`,
 * `template`). An unknown function fails here, at parse time, as in Go.
 */
import { FUNCTIONS, TemplateError, Value } from './sprig';

export type Operand =
  | { kind: 'literal', value: Value }
  | { kind: 'field', base: 'dot' | string, path: string[] }
  | { kind: 'call', name: string }
  // eslint-disable-next-line no-use-before-define -- a pipeline holds operands that hold pipelines
  | { kind: 'sub', pipe: Pipeline, path: string[] };
export interface Pipeline { declare?: string, assign?: string, commands: Operand[][] }
export type Node =
  | { kind: 'text', text: string }
  | { kind: 'action', pipe: Pipeline }
  | { kind: 'if' | 'with', pipe: Pipeline, then: Node[], otherwise: Node[] }
  | { kind: 'range', pipe: Pipeline, keyVar?: string, valueVar?: string, body: Node[], otherwise: Node[] }
  | { kind: 'template', name: string, pipe?: Pipeline };

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

export function parse(source: string, defines: Record<string, Node[]>): Node[] {
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
