import { defineJob } from './job-definition';
import { SWEEP_PARTITIONS, sweepPartition, yesterdayInShanghai } from '../src/services/compliance/sweep';
import { now as clockNow } from '../src/clock';

/** One partition of one day's sweep: idempotent, and deduplicated by its id. */
export const complianceSweepPartitionJob = defineJob<{ asOf: string; partition: number }>({
  name: 'compliance-sweep-partition',
  queue: 'compliance',
  jobId: (d) => `sweep-${d.asOf}-p${d.partition}-of-${SWEEP_PARTITIONS}`,
  async handle(d, deps) {
    const counts = await sweepPartition(deps.orm.em, d.asOf, d.partition);
    if (counts.problems.length)
      deps.log.error({ asOf: d.asOf, problems: counts.problems }, 'agreements not evaluated');
    return counts;
  },
});

/**
 * The daily tick (00:30 Asia/Shanghai by default) only fans out: one job per partition for
 * yesterday, each with a deterministic id, so a tick that runs twice adds nothing twice.
 */
export const complianceSweepJob = defineJob<{ asOf?: string }>({
  name: 'compliance-sweep',
  queue: 'compliance',
  jobId: (d) => `sweep-tick-${d.asOf ?? 'yesterday'}`,
  async handle(d, deps) {
    const asOf = d.asOf ?? yesterdayInShanghai(clockNow());
    for (let partition = 0; partition < SWEEP_PARTITIONS; partition += 1) {
      await deps.enqueue(complianceSweepPartitionJob, { asOf, partition });
    }
    return { asOf, partitions: SWEEP_PARTITIONS };
  },
});
