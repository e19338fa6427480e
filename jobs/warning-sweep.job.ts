import { defineJob } from './job-definition';
import { shanghaiDateOf } from '../src/domain/dates';
import { runWarningSweep } from '../src/services/warnings/sweep';
import { now as clockNow } from '../src/clock';

/**
 * Graded warnings (R17), re-derived from the facts once a day, as of today in Asia/Shanghai, an
 * hour after the compliance sweep (whose alerts they read). One transaction of set-based
 * statements, idempotent, so it runs itself rather than fanning out (as the blacklist upkeep).
 */
export const WARNING_SWEEP_CRON = '30 1 * * *';

export const warningSweepJob = defineJob<{ asOf?: string }>({
  name: 'warning-sweep',
  queue: 'warnings',
  jobId: (d) => `warning-sweep-${d.asOf ?? 'today'}`,
  async handle(d, deps) {
    const report = await runWarningSweep(deps.orm.em, d.asOf ?? shanghaiDateOf(clockNow()));
    deps.log.info(report, 'warning sweep');
    return report;
  },
});
