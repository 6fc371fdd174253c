#!/usr/bin/env node
'use strict';
require('../scripts/run.js').runTs('src/cli.ts', process.argv.slice(2));
