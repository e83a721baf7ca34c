#!/usr/bin/env node
import { main } from '../dist/cli.js';

// `spawn slurm <command> …` is the same CLI as `spawn-slurm <command> …`.
const argv = process.argv.slice(2);
if (argv[0] === 'slurm') {
  main(argv.slice(1), 'spawn slurm');
} else {
  process.stderr.write(
    'spawn: this package provides only the `slurm` subcommand (spawn slurm <command>).\n' +
      'The EC2 launcher itself is the separate `spawn` program.\n',
  );
  process.exitCode = 2;
}
