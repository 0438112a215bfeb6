#!/usr/bin/env node
// The package's bin: runs the compiled CLI. `npm run build` produces dist/.
import '../dist/cli/main.js';
