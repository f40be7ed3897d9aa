#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the repo needs no separate compile step.
require('tsx/cjs');
require('../src/main.ts');
