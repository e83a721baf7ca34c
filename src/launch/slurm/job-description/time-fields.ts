import type { Duration } from '../../../parser/values/time.js';
import type { FieldWriter } from './description.js';
import { typedOption } from './option-values.js';

/** v0.0.38 hands begin/deadline to sbatch's parse_time, which takes `uts<seconds>`, not a number. */
const uts = (iso: string) => `uts${Math.floor(Date.parse(iso) / 1000)}`;

export const timeFields: FieldWriter = {
  options: ['time', 'time-min', 'begin', 'deadline', 'delay-boot'],
  write(d) {
    const { job } = d;
    if (job.timeLimitMinutes !== null) d.put('time', 'time_limit', d.minutes(job.timeLimitMinutes));
    if (job.timeMinMinutes !== null) d.put('time-min', 'time_minimum', d.minutes(job.timeMinMinutes));
    if (job.begin !== null) d.put('begin', 'begin_time', d.sbatchShaped ? uts(job.begin) : d.epoch(job.begin));
    if (job.deadline !== null) d.put('deadline', 'deadline', d.sbatchShaped ? uts(job.deadline) : Math.floor(Date.parse(job.deadline) / 1000));
    const delay = typedOption<Duration>(d, 'delay-boot');
    // sbatch sends seconds; v0.0.38's parser reads the number as sbatch's minutes.
    if (typeof delay === 'number') d.put('delay-boot', 'delay_boot', d.sbatchShaped ? Math.ceil(delay / 60) : delay);
  },
};
