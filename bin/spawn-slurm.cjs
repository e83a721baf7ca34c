#!/usr/bin/env node
'use strict';
require('../dist/boot.cjs').boot('spawn-slurm', process.argv.slice(2));
