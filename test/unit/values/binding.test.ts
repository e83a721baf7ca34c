import { describe, expect, it } from 'vitest';
import { parseDistribution, parseGpuBind, parseHint, parseMemBind, parseTresBind } from '../../../src/parser/values/binding.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseHint (verify_hint)', () => {
  it('reads a comma list of hints in any case', () => {
    // observed on Slurm 22.05.8
    expect(accepted(parseHint('Memory_Bound'))).toEqual(['memory_bound']);
    expect(accepted(parseHint('nomultithread,compute_bound'))).toEqual(['nomultithread', 'compute_bound']);
  });

  it.each([
    // observed on Slurm 22.05.8 (exit 1)
    ['bogus', 'unrecognized --hint argument "bogus", see --hint=help'],
    ['compute_bound,1', 'unrecognized --hint argument "compute_bound,1"'],
    ['compute_bound,', 'unrecognized --hint argument ""'],
    ['', 'unrecognized --hint argument ""'],
  ])('refuses --hint=%s: %s', (value, message) => {
    expect(refused(parseHint(value), 'invalid-hint').message).toContain(message);
  });

  it('refuses help, which prints the list and exits with status 1', () => {
    refused(parseHint('help'), 'hint-help');
  });
});

describe('parseDistribution (verify_dist_type)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['block', { nodes: 'block', sockets: null, cores: null }],
    ['Block', { nodes: 'block' }],
    ['cyclic', { nodes: 'cyclic' }],
    ['block:cyclic', { nodes: 'block', sockets: 'cyclic' }],
    ['block:cyclic:fcyclic', { nodes: 'block', sockets: 'cyclic', cores: 'fcyclic' }],
    ['block:fcyclic', { nodes: 'block', sockets: 'fcyclic' }],
    ['*:*', { nodes: 'block', sockets: 'cyclic' }],
    ['*:*:*', { nodes: 'block', sockets: 'cyclic', cores: 'cyclic' }],
    ['cyclic:*', { nodes: 'cyclic', sockets: 'cyclic' }],
    ['block:block:*', { nodes: 'block', sockets: 'block', cores: 'block' }],
    ['block,pack', { nodes: 'block', pack: 'pack' }],
    ['block,Pack', { nodes: 'block', pack: 'pack' }],
    ['pack', { nodes: null, pack: 'pack' }],
    ['nopack', { nodes: null, pack: 'nopack' }],
    ['plane=4', { nodes: 'plane', planeSize: 4 }],
    ['planefoo=3', { nodes: 'plane', planeSize: 3 }],
    ['hostfile', { nodes: 'arbitrary' }],
  ])('-m %s is %o', (value, expected) => {
    expect(accepted(parseDistribution(value))).toMatchObject(expected);
  });

  it.each(['plane', 'plane=0', 'plane=x', 'plane=4,pack', 'block,foo', ',block', 'block:block:block:block', 'fcyclic', '', 'block,,pack', 'arbitrary:block'])(
    'refuses -m %s with "Invalid --distribution specification"',
    (value) => {
      // observed on Slurm 22.05.8
      expect(refused(parseDistribution(value), 'invalid-distribution').message).toContain('Invalid --distribution specification');
    },
  );

  it('warns that arbitrary needs a node list', () => {
    // observed on Slurm 22.05.8: "With Arbitrary distribution you need to specify a nodelist or hostfile with the -w option"
    expect(noteCodes(parseDistribution('arbitrary'))).toEqual(['arbitrary-needs-nodelist']);
  });
});

describe('parseMemBind (slurm_verify_mem_bind)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['rank', { type: 'rank' }],
    ['RANK', { type: 'rank' }],
    ['local', { type: 'local' }],
    ['none', { type: 'none' }],
    ['no', { type: 'none' }],
    ['v', { verbose: true }],
    ['quiet', { verbose: false }],
    ['p', { prefer: true }],
    ['sort', { sort: true }],
    ['nosort', { sort: false }],
    ['rank,v', { type: 'rank', verbose: true }],
    ['local,verbose', { type: 'local', verbose: true }],
    ['map_mem:0,1', { type: 'map_mem', list: ['0', '1'] }],
    ['map_mem:1*2', { type: 'map_mem', list: ['1', '1'] }],
    ['map_memxyz:1', { type: 'map_mem', list: ['1'] }],
    ['mapmem=1', { type: 'map_mem', list: ['1'] }],
    ['mask_mem:0x3,0xc', { type: 'mask_mem', list: ['3', 'c'] }],
    ['mask_mem:f,a', { type: 'mask_mem', list: ['f', 'a'] }],
  ])('--mem-bind=%s is %o', (value, expected) => {
    expect(accepted(parseMemBind(value))).toMatchObject(expected);
  });

  it.each([
    // observed on Slurm 22.05.8
    ['rank,', 'unrecognized --mem-bind argument "rank,"'],
    ['', 'unrecognized --mem-bind argument ""'],
    ['bogus', 'unrecognized --mem-bind argument "bogus"'],
    ['verbose,cafe', 'unrecognized --mem-bind argument "verbose,cafe"'],
    ['map_mem', 'missing list for "--mem-bind=map_mem:<list>"'],
    ['map_mem:', 'missing list for "--mem-bind=map_mem:<list>"'],
    ['mask_mem:0X3', 'Failed to validate number: 0X3, the offending character is X'],
    ['map_mem:1*0', 'Invalid map_mem multiplier: 0'],
    ['map_mem:a', 'Failed to validate number: a, the offending character is a'],
    ['help', 'exit'],
  ])('refuses --mem-bind=%s: %s', (value, message) => {
    expect(refused(parseMemBind(value), 'invalid-mem-bind').message).toContain(message);
  });
});

describe('parseGpuBind (tres_bind_verify_cmdline on gpu:<value>)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['closest', { kind: 'closest' }],
    ['c', { kind: 'closest' }],
    ['cxyz', { kind: 'closest' }],
    ['none', { kind: 'none' }],
    ['n', { kind: 'none' }],
    ['map_gpu:0,1', { kind: 'map_gpu', list: ['0', '1'] }],
    ['map_gpu:0*2,1', { kind: 'map_gpu' }],
    ['map_gpu:', { kind: 'map_gpu', list: [] }],
    ['map_gpu:1*0', { kind: 'map_gpu' }],
    ['mask_gpu:0x3,0xc', { kind: 'mask_gpu' }],
    ['mask_gpu:f,A', { kind: 'mask_gpu' }],
    ['per_task:2', { kind: 'per_task', count: 2 }],
    ['single:1', { kind: 'single', count: 1 }],
    ['single:x', { kind: 'single', count: 0 }],
    ['verbose,closest', { kind: 'closest', verbose: true }],
    ['VERBOSE,closest', { kind: 'closest', verbose: true }],
    ['closest;gpu:none', { kind: 'closest' }],
  ])('--gpu-bind=%s is %o', (value, expected) => {
    expect(accepted(parseGpuBind(value))).toMatchObject(expected);
  });

  it.each(['mask_gpu:0X3', 'single:-1', 'map_gpu:a', 'bogus', '', 'closest;nic:x', 'map_gpu:1*x'])('refuses --gpu-bind=%s', (value) => {
    // observed on Slurm 22.05.8: "Invalid --gpu-bind argument: gpu:<value>"
    expect(refused(parseGpuBind(value), 'invalid-gpu-bind').message).toContain(`Invalid --gpu-bind argument: gpu:${value}`);
  });
});

describe('parseTresBind', () => {
  it('reads gres/gpu bindings and only warns about the rest', () => {
    expect(accepted(parseTresBind('gres/gpu:closest'))).toEqual([{ kind: 'closest', verbose: false, list: null, count: null }]);
    expect(accepted(parseTresBind('gres/gpu:verbose,map_gpu:0,1'))[0]).toMatchObject({ kind: 'map_gpu', verbose: true });
    expect(noteCodes(parseTresBind('nic:closest'))).toEqual(['tres-bind-item']);
  });
});
