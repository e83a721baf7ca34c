/**
 * Options whose argument sbatch takes as it is (names, comments, feature expressions). Only their
 * length is checked, by slurmctld (`_test_job_desc_fields`), and a few refuse an empty value.
 */
import type { OptionValueParser } from './context.js';
import { utf8Length } from './c-number.js';
import type { ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

interface FreeStringRule {
  /** Longest value slurmctld stores (bytes); longer ones fail the submission. */
  maxBytes?: number;
  /** sbatch or slurmctld's answer to an empty value, when it refuses one. */
  emptyRefusal?: string;
  /** Something worth knowing about any value of this option. */
  remark?: (value: string) => ValueProblem | null;
}

const SHORT_FIELD = 1024;
const PATH_MAX = 4096;

const RULES: Record<string, FreeStringRule> = {
  account: { maxBytes: SHORT_FIELD },
  batch: {
    emptyRefusal: 'Batch job submission failed: Job --batch option is invalid or not a subset of --constraints',
    remark: () => note('batch-needs-constraint', 'info', 'slurmctld accepts --batch only when its features are a subset of --constraint.'),
  },
  bb: { maxBytes: 8 * SHORT_FIELD },
  bbf: {
    emptyRefusal: 'Invalid --bbf specification',
    remark: (value) => note('file-read-by-sbatch', 'info', `sbatch reads the burst-buffer file ${value} at submission and refuses the job ("Invalid --bbf specification") if it cannot.`),
  },
  chdir: { maxBytes: PATH_MAX },
  cluster: { emptyRefusal: "'' can't be reached now, or it is an invalid entry for --cluster", remark: clusterRemark },
  clusters: { emptyRefusal: "'' can't be reached now, or it is an invalid entry for --cluster", remark: clusterRemark },
  'cluster-constraint': { maxBytes: SHORT_FIELD },
  comment: { maxBytes: SHORT_FIELD },
  constraint: { maxBytes: SHORT_FIELD },
  container: {},
  'container-id': {},
  context: {},
  'export-file': {
    emptyRefusal: 'Could not open user environment file',
    remark: (value) => note('file-read-by-sbatch', 'info', `sbatch reads ${value} (a file, or a file descriptor number) at submission and exits if it cannot open it.`),
  },
  extra: { maxBytes: SHORT_FIELD },
  'job-name': { maxBytes: SHORT_FIELD },
  'mail-user': { maxBytes: SHORT_FIELD },
  'mcs-label': { maxBytes: SHORT_FIELD },
  network: { maxBytes: SHORT_FIELD },
  // observed on Slurm 22.05.8: "--partition=" fails with "invalid partition specified: (null)".
  partition: { maxBytes: SHORT_FIELD, emptyRefusal: 'invalid partition specified: (null), Batch job submission failed: Invalid partition name specified' },
  prefer: { maxBytes: SHORT_FIELD },
  qos: { maxBytes: SHORT_FIELD },
  reservation: { maxBytes: SHORT_FIELD },
  resources: { maxBytes: SHORT_FIELD },
  runtime: {},
  wckey: { maxBytes: SHORT_FIELD },
  wrap: {},
};

function clusterRemark(): ValueProblem {
  return note('cluster-needs-slurmdbd', 'info', 'sbatch looks the cluster names up in slurmdbd and refuses the job when it cannot reach them.');
}

/** The long names of the options handled here. */
export const FREE_STRING_OPTIONS = Object.keys(RULES);

/** The value parser of one free-string option. */
export function freeStringParser(option: string): OptionValueParser {
  const rule = RULES[option] ?? {};
  return (value) => {
    const text = value ?? '';
    if (text === '' && rule.emptyRefusal) {
      return fail(refusal(`empty-${option}`, `sbatch refuses an empty --${option}: "${rule.emptyRefusal}".`, `Give --${option} a value or remove it.`));
    }
    if (rule.maxBytes !== undefined && utf8Length(text) > rule.maxBytes) {
      return fail(
        refusal(
          'value-too-long',
          `sbatch fails with "Batch job submission failed: Pathname of a file, directory or other parameter too long": --${option} is longer than ${rule.maxBytes} bytes.`,
          `Shorten --${option} to at most ${rule.maxBytes} bytes.`,
        ),
      );
    }
    const remark = text === '' ? null : rule.remark?.(text);
    return ok(text, remark ? [remark] : []);
  };
}
