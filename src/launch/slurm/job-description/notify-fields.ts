import type { SignalSpec } from '../../../parser/values/signal.js';
import type { Description, FieldWriter } from './description.js';
import { textOption, typedOption } from './option-values.js';

/** sbatch's mail event names → data_parser's job_mail_flags words. */
const MAIL_WORDS: Record<string, string> = {
  TIME_LIMIT: 'TIME=100%',
  TIME_LIMIT_90: 'TIME=90%',
  TIME_LIMIT_80: 'TIME=80%',
  TIME_LIMIT_50: 'TIME=50%',
  INVALID_DEPEND: 'INVALID_DEPENDENCY',
};

function writeMail(d: Description): void {
  const mail = d.job.mail;
  if (!mail) return;
  if (mail.types.length) d.put('mail-type', 'mail_type', d.sbatchShaped ? mail.types.join(',') : mail.types.map((t) => MAIL_WORDS[t] ?? t));
  else if (d.has('mail-type')) d.put('mail-type', 'mail_type', d.sbatchShaped ? 'NONE' : []);
  if (mail.user !== null) d.put('mail-user', 'mail_user', mail.user);
}

function writeSignal(d: Description): void {
  const signal = d.job.signal;
  if (!signal) return;
  if (d.sbatchShaped) {
    // v0.0.38 hands the text to sbatch's --signal parser, but 22.05.8 answers "Invalid SIGNAL specification" to B:.
    if (signal.batchOnly) d.refuse('signal', 'slurmrestd API v0.0.38 (22.05) refuses --signal=B:… (batch shell only); signal the whole job, or submit with sbatch');
    else d.put('signal', 'signal', textOption(d, 'signal'));
    return;
  }
  const parsed = typedOption<SignalSpec>(d, 'signal');
  d.put('signal', 'kill_warning_signal', signal.signal);
  d.put('signal', 'kill_warning_delay', d.number(signal.seconds));
  const flags = [...(signal.batchOnly ? ['BATCH_JOB'] : []), ...(parsed?.reservationOverlap ? ['RESERVATION_JOB'] : [])];
  if (flags.length) d.put('signal', 'kill_warning_flags', flags);
}

export const notifyFields: FieldWriter = {
  options: ['mail-type', 'mail-user', 'signal'],
  write(d) {
    writeMail(d);
    writeSignal(d);
  },
};
