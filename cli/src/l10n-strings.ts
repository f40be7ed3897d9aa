/**
 * The extension's strings, read from its en-us.yaml at run time in this repository. The
 * package build (scripts/package-cli.ts) replaces this module with the parsed strings, so the
 * published CLI needs neither the yaml file nor a yaml parser to start.
 */

import { readFileSync } from 'fs';
import { join } from 'path';
import { load } from 'js-yaml';

export const L10N_FILE = join(__dirname, '..', '..', 'pkg', 'aws-cloud-provider', 'l10n', 'en-us.yaml');

export function loadStrings(file = L10N_FILE): unknown {
  return load(readFileSync(file, 'utf8'));
}
