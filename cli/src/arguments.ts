/**
 * What every command shares: the translator, usage errors (main.ts prints them with the command's
 * --help text, exit 2), Node's argument parser with its complaints as usage errors, and the
 * options more than one command takes (--roles, --variant, --color).
 */
import { parseArgs, ParseArgsConfig } from 'util';
import { ALL_ROLES, NodeRole, parseRoles } from '@pkg/domain/roles';
import { POLICY_VARIANTS, PolicyVariant } from '@pkg/domain/policies';
import { createTranslate } from './translate';

export const t = createTranslate();

export type ColourChoice = 'auto' | 'always' | 'never';

export const COLOUR_CHOICES: readonly ColourChoice[] = ['auto', 'always', 'never'];

/** A usage problem: an l10n key under awsCloudProvider.cli.error and its arguments. */
export class UsageError extends Error {
  constructor(key: string, args?: Record<string, unknown>) {
    super(t(`awsCloudProvider.cli.error.${ key }`, args));
  }
}

/** Node's own parser, its complaints (unknown option, missing value) shown as usage errors. */
export function parseArgsOrExplain<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError('arguments', { problem: (error as Error).message });
  }
}

export function rolesOf(text: string | undefined): NodeRole[] {
  const { roles, unknown } = text === undefined ? { roles: [...ALL_ROLES], unknown: [] } : parseRoles(text);

  if (unknown.length || !roles.length) {
    throw new UsageError('roles', { unknown: unknown.join(', ') || '-' });
  }

  return roles;
}

export function variantOf(text: string | undefined): PolicyVariant {
  if (text === undefined) {
    return 'rancher';
  }
  if (!(POLICY_VARIANTS as readonly string[]).includes(text)) {
    throw new UsageError('variant', { variant: text });
  }

  return text as PolicyVariant;
}

/** Colour only where a person reads it: `auto` is a terminal without NO_COLOR (https://no-color.org). */
export function useColour(choice: ColourChoice, isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (choice !== 'auto') {
    return choice === 'always';
  }

  return isTty && !env.NO_COLOR && env.TERM !== 'dumb';
}
