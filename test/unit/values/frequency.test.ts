import { describe, expect, it } from 'vitest';
import { parseCpuFreq, parseGpuFreq } from '../../../src/parser/values/frequency.js';
import { accepted, refused } from './helpers.js';

describe('parseCpuFreq (cpu_freq_verify_cmdline)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['low', { min: null, max: 'low', governor: null }],
    ['high', { max: 'high' }],
    ['highm1', { max: 'highm1' }],
    ['medium', { max: 'medium' }],
    ['2400000', { max: 2400000 }],
    ['low-high', { min: 'low', max: 'high' }],
    ['1000-2000', { min: 1000, max: 2000 }],
    ['1000-2000:performance', { min: 1000, max: 2000, governor: 'performance' }],
    ['performance', { max: null, governor: 'performance' }],
    ['userspace', { governor: 'userspace' }],
    ['ondemand', { governor: 'ondemand' }],
    ['2400abc', { max: 2400 }],
    ['lowfoo', { max: 'low' }],
    ['hi', { max: 'high' }],
    ['him1', { max: 'highm1' }],
    ['med', { max: 'medium' }],
    ['perfx', { governor: 'performance' }],
    ['1000-high:userspace', { min: 1000, max: 'high', governor: 'userspace' }],
  ])('--cpu-freq=%s is %o', (value, expected) => {
    expect(accepted(parseCpuFreq(value))).toMatchObject(expected);
  });

  it.each([
    // observed on Slurm 22.05.8, each followed by "Invalid --cpu-freq argument"
    ['high-low', 'min cpu-frec (high) must be < max cpu-freq (low)'],
    ['2000-1000', 'min cpu-frec (2000) must be < max cpu-freq (1000)'],
    ['performance-2000', 'min cpu-frec (performance) must be < max cpu-freq (2000)'],
    ['performance:ondemand', 'governor cannot be specified twice performance{-}:ondemand'],
    ['1000:performance', 'gov on cpu-frec (performance) illegal without max'],
    ['0', 'unrecognized --cpu-freq argument "0"'],
    ['-5', 'unrecognized --cpu-freq argument ""'],
    ['', 'unrecognized --cpu-freq argument ""'],
    ['x-1000', 'unrecognized --cpu-freq argument "x"'],
    ['conservative', 'governor of conservative is not allowed in slurm.conf'],
    ['powersave', 'governor of powersave is not allowed'],
    ['schedutil', 'governor of schedutil is not allowed'],
    ['co', 'governor of co is not allowed'],
    ['1000-2000:conservative', 'governor of 1000-2000:conservative is not allowed'],
  ])('refuses --cpu-freq=%s: %s', (value, message) => {
    const problem = refused(parseCpuFreq(value), 'invalid-cpu-freq');
    expect(problem.message).toContain(message);
    expect(problem.message).toContain('Invalid --cpu-freq argument');
  });
});

describe('parseGpuFreq (tres_freq_verify_cmdline on gpu:<value>)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['high', { graphics: 'high', memory: null, verbose: false }],
    ['medium,memory=high', { graphics: 'medium', memory: 'high' }],
    ['verbose', { graphics: null, verbose: true }],
    ['450', { graphics: 450 }],
    ['memory=450,verbose', { memory: 450, verbose: true }],
    ['high,,verbose', { graphics: 'high', verbose: true }],
    ['high;gpu:low', { graphics: 'high' }],
  ])('--gpu-freq=%s is %o', (value, expected) => {
    expect(accepted(parseGpuFreq(value))).toMatchObject(expected);
  });

  it.each(['High', 'graphics=450', '', '450x', 'high;nic:low', '-5', 'memory='])('refuses --gpu-freq=%s', (value) => {
    // observed on Slurm 22.05.8: "Invalid --gpu-freq argument: gpu:<value>"
    expect(refused(parseGpuFreq(value), 'invalid-gpu-freq').message).toContain(`Invalid --gpu-freq argument: gpu:${value}`);
  });
});
