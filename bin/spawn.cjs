#!/usr/bin/env node
'use strict';
require('../dist/cli.cjs').runSpawnShim(process.argv.slice(2));
