/**
 * The notices of a workforce alert (WORKER_WITHOUT_CONTRACT and the pay alerts), through the
 * outbox: opened → the general contractor (the party), the district HRSS and the industry
 * authority; resolved or reopened → the contractor and the district HRSS. The payload names the
 * project and the kind; `fields` add what the kind says (counts and sums, never who).
 */
import { agenciesOf } from '../compliance/alert-notices';
import { recipientKey, type NoticeDraft } from '../outbox';
import type { WorkforceProject } from './access';

export type WorkforceAlertEvent = 'opened' | 'resolved' | 'reopened';

const TOPICS: Record<WorkforceAlertEvent, string> = {
  opened: 'ALERT_OPENED',
  resolved: 'ALERT_RESOLVED',
  reopened: 'ALERT_REOPENED',
};

export function workforceAlertNotices(
  project: WorkforceProject,
  alertId: string,
  kind: string,
  event: WorkforceAlertEvent,
  on: string,
  fields: Record<string, unknown>,
): NoticeDraft[] {
  const party = recipientKey.enterprise(project.contractorUscc);
  const agencies = agenciesOf(project);
  const recipients = event === 'opened' ? [party, ...agencies] : [party, agencies[0]];
  const topic = TOPICS[event];
  return recipients.map((recipient) => ({
    topic,
    recipient,
    dedupeKey: `alert:${alertId}:${event}:${on}:${recipient}`,
    payload: {
      topic,
      alertId,
      kind,
      projectId: project.id,
      districtCode: project.districtCode,
      industry: project.industry,
      partyUscc: project.contractorUscc,
      ...fields,
    },
  }));
}
