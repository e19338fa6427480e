import { assertCityHrss } from '../../auth/scope';
import { badInput } from '../../domain/errors';
import { shanghaiDateOf } from '../../domain/dates';
import type { ServiceContext } from '../context';
import { runSweep, type SweepReport } from './sweep';
import { now as clockNow } from '../../clock';

/**
 * `runComplianceSweep`: city HRSS catches up by hand after an outage. Only a day that has ended
 * can be swept: a cycle due today is not missed until today is over.
 */
export async function runOperatorSweep(
  ctx: ServiceContext,
  asOf: string,
  now = clockNow(),
): Promise<SweepReport> {
  assertCityHrss(ctx.caller, 'run the compliance sweep');
  const today = shanghaiDateOf(now);
  if (asOf >= today) throw badInput('asOf', `must be a day that has ended (before ${today}, Asia/Shanghai)`);
  return runSweep(ctx.em, asOf);
}
