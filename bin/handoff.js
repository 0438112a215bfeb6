#!/usr/bin/env node
// The package's bin (what npx and a global install link to): runs the compiled CLI from dist/,
// which `npm run build` produces.
import process from 'node:process';
import { runCli } from '../dist/runtime/cli/main.js';

runCli(process.argv);
