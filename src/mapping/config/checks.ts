/**
 * Checks across fields of a config that passed the schema: combinations that cannot work or that
 * behave differently from what the user probably expects.
 */
import type { Severity } from '../../parser/diagnostic.js';
import { suggest } from '../../util/suggest.js';
import { MAPPING_CODES } from './codes.js';
import type { MappingConfig } from './types.js';
import type { Target } from './yaml-locate.js';

export interface ConfigFinding {
  code: string;
  severity: Severity;
  /** Without the field path; the caller prefixes it. */
  message: string;
  hint?: string;
  path: (string | number)[];
  target: Target;
}

export function checkMappingConfig(config: MappingConfig): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  const { s3 } = config.storage;
  if (config.spawn.s3_stage && !s3) {
    findings.push({
      code: MAPPING_CODES.s3StageWithoutBucket,
      severity: 'error',
      message: 'S3 staging is on but storage.s3 names no bucket',
      hint: 'add storage.s3.bucket, or set s3_stage: false',
      path: ['spawn', 's3_stage'],
      target: 'value',
    });
  }
  if (config.spawn.s3_stage && s3 && !config.spawn.iam_role) {
    findings.push({
      code: MAPPING_CODES.s3WithoutIamRole,
      severity: 'warning',
      message: `instances cannot reach s3://${s3.bucket} without an instance profile: spawn's default one has no S3 access`,
      hint: 'set spawn.iam_role to an instance profile that may read and write the bucket',
      path: ['storage', 's3'],
      target: 'key',
    });
  }
  if (config.storage.efs_mount !== undefined && config.storage.efs === undefined) {
    findings.push({
      code: MAPPING_CODES.efsMountWithoutEfs,
      severity: 'error',
      message: `storage.efs_mount is ${config.storage.efs_mount}, but storage.efs names no file system to mount there`,
      hint: 'add storage.efs: fs-… (the file system mounted there), or remove efs_mount',
      path: ['storage', 'efs_mount'],
      target: 'key',
    });
  }
  for (const type of Object.keys(config.gres)) {
    // slurmctld's valid_tres_cnt() reads a last `:` field that starts with a digit as a count.
    if (/^\d/.test(type)) {
      findings.push({
        code: MAPPING_CODES.gresTypeNeedsCount,
        severity: 'info',
        message: `sbatch refuses --gres=gpu:${type} ("Invalid Trackable RESource (TRES) specification") because a type starting with a digit is read as a count; scripts must write the count too`,
        hint: `request it as --gres=gpu:${type}:1 or --gpus=${type}:1`,
        path: ['gres', type],
        target: 'key',
      });
    }
  }
  findings.push(...unknownSinkFindings(config));
  return findings;
}

/** A rule's `sink:` action must name an entry of `sinks:`. */
function unknownSinkFindings(config: MappingConfig): ConfigFinding[] {
  const known = config.sinks.map((s) => s.name);
  return config.rules.flatMap((rule, r) =>
    rule.actions.flatMap((action, a) => {
      if (!('sink' in action) || known.includes(action.sink)) return [];
      const [closest] = suggest(action.sink, known);
      return [
        {
          code: MAPPING_CODES.unknownSink,
          severity: 'error' as const,
          message: `there is no sink named "${action.sink}"${closest ? `; did you mean "${closest}"?` : ''}`,
          hint:
            known.length > 0 ? `the configured sinks: ${known.join(', ')}` : 'configure it under sinks: (docs/mapping.md, "sinks"); the local event log needs no sink, it gets every event',
          path: ['rules', r, 'actions', a, 'sink'],
          target: 'value' as const,
        },
      ];
    }),
  );
}
