#!/usr/bin/env node
'use strict';
require('../dist/boot.cjs').boot('spawn', process.argv.slice(2));
