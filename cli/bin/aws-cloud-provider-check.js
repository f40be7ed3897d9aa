#!/usr/bin/env node
// In this repository (src/ beside bin/) the TypeScript runs through tsx, so an edit needs no
// build; the published package has no src/ and runs the plain JavaScript bundle that
// scripts/package-cli.ts builds (no compiler at start-up).
const { existsSync } = require('fs');
const { join } = require('path');

const source = join(__dirname, '..', 'src', 'main.ts');
let cli;

if (existsSync(source)) {
  // The repository's tsconfig.json (its path aliases, such as @pkg/), wherever this runs from:
  // tsx otherwise looks for one from the working directory.
  const tsconfig = process.env.TSX_TSCONFIG_PATH;

  process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', 'tsconfig.json');
  require('tsx/cjs');
  if (tsconfig === undefined) {
    delete process.env.TSX_TSCONFIG_PATH;
  } else {
    process.env.TSX_TSCONFIG_PATH = tsconfig;
  }
  cli = require(source);
} else {
  cli = require('../dist/aws-cloud-provider-check.js');
}

cli.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
