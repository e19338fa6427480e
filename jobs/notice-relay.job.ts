import { defineJob } from './job-definition';
import { deliverByWebhook, relayDueNotices, RELAY_DEFAULTS } from '../src/services/notice-relay';
import { now as clockNow } from '../src/clock';
import { takeAllPendingPayAlerts } from '../src/services/workforce/pay-alerts/pending';

/** A busy tick takes a few batches, never unbounded: the next tick continues. */
const MAX_BATCHES_PER_TICK = 20;

/**
 * The outbox relay's tick (queue `notices`). It delivers the due notices itself instead of adding
 * a job per notice: each notice's delivery state (attempts, backoff, last error) lives in its
 * outbox row, where operators see it and can replay it, and a lost tick loses nothing because the
 * rows are still due. Delivery failures are recorded on the rows, so the tick itself succeeds.
 * The schedule gives each tick its own id; an ad-hoc run is deduplicated against a waiting one.
 */
export const noticeRelayJob = defineJob<Record<string, never>>({
  name: 'notice-relay',
  queue: 'notices',
  jobId: () => 'notice-relay',
  async handle(_data, { orm, log }) {
    // Pay alerts a push left and no hub's follow-up took (it crashed): evaluated first, so their
    // notices go out in this tick.
    const payAlertMarks = await takeAllPendingPayAlerts(orm);
    if (payAlertMarks) log.info({ payAlertMarks }, 'pay alerts after push taken by the relay tick');
    const total = { claimed: 0, delivered: 0, retrying: 0, failed: 0, waitingForEndpoint: 0 };
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const report = await relayDueNotices(orm, clockNow(), deliverByWebhook);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += report[k];
      if (report.claimed < RELAY_DEFAULTS.batch) break;
    }
    if (total.claimed || total.waitingForEndpoint) log.info(total, 'notice relay');
    return total;
  },
});
