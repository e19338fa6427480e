import { addDays } from '../../src/domain/dates';
import type { HubClient } from './hub-client';
import { usccFor } from './world';

/**
 * Two clues from the national platform on a project, so that the scorecard's K3 has clues to
 * judge: one received 40 days ago and still open (late), one received today (pending). Replays of
 * the same numbers on a re-run are the same records (receiveClue answers replayed: true).
 */
export async function receiveDemoClues(
  hub: HubClient,
  admin: string,
  today: string,
  projectId: string,
): Promise<{ created: number; existing: number }> {
  const tally = { created: 0, existing: 0 };
  const employerUscc = usccFor('本溪示范劳务分包有限公司', '210504');
  for (const [n, receivedOn] of [
    [1, addDays(today, -40)],
    [2, today],
  ] as const) {
    const { receiveClue } = await hub.run<{ receiveClue: { replayed: boolean } }>(admin, 'ReceiveClue', {
      input: {
        source: 'NATIONAL_PLATFORM',
        sourceNumber: `GZ${receivedOn.replaceAll('-', '')}-DEMO-${n}`,
        projectId,
        employerUscc,
        workers: 4,
        amount: '36000.00',
        receivedOn,
        summary: '四名木工反映被拖欠工资',
      },
    });
    if (receiveClue.replayed) tally.existing += 1;
    else tally.created += 1;
  }
  return tally;
}
