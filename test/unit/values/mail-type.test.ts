import { describe, expect, it } from 'vitest';
import { parseMailType } from '../../../src/parser/values/mail-type.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseMailType (parse_mail_type)', () => {
  it('reads a comma list, case-insensitively', () => {
    expect(accepted(parseMailType('begin'))).toEqual(['BEGIN']);
    expect(accepted(parseMailType('END,FAIL,time_limit_80'))).toEqual(['END', 'FAIL', 'TIME_LIMIT_80']);
  });

  it('expands ALL as scontrol shows it', () => {
    // observed on Slurm 22.05.8: MailType=INVALID_DEPEND,BEGIN,END,FAIL,REQUEUE,STAGE_OUT
    expect(accepted(parseMailType('ALL')).join(',')).toBe('INVALID_DEPEND,BEGIN,END,FAIL,REQUEUE,STAGE_OUT');
  });

  it('ignores unknown words when one is known, with a warning', () => {
    // slurm-semantics.md §3.10 [V]
    const result = parseMailType('BEGIN,bogus');
    expect(accepted(result)).toEqual(['BEGIN']);
    expect(noteCodes(result)).toEqual(['mail-type-ignored']);
  });

  it('stops at NONE and clears what came before', () => {
    // observed on Slurm 22.05.8: all three are accepted with no mail type
    expect(accepted(parseMailType('NONE'))).toEqual([]);
    expect(accepted(parseMailType('NONE,bogus'))).toEqual([]);
    expect(accepted(parseMailType('BEGIN,NONE'))).toEqual([]);
    expect(accepted(parseMailType('bogus,NONE'))).toEqual([]);
    expect(noteCodes(parseMailType('BEGIN,NONE'))).toContain('mail-type-none');
  });

  it.each(['SOMETIMES', '', ',', 'bogus,other'])('refuses --mail-type=%s', (value) => {
    // oracle/sbatch-cli/bad_mail_type.txt; observed on Slurm 22.05.8
    expect(refused(parseMailType(value), 'invalid-mail-type').message).toContain('Invalid --mail-type specification');
  });
});
