#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the repo needs no separate compile step.
process.env.AWS_CLOUD_PROVIDER_CHECK_MAIN = '1';
require('tsx/cjs');
require('../src/main.ts');
