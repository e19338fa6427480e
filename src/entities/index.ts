import { AccountEventRecord } from './account-event.entity';
import { Alert } from './alert.entity';
import { Bank } from './bank.entity';
import { BlacklistChange } from './blacklist-change.entity';
import { BlacklistEntry } from './blacklist-entry.entity';
import { ListingEscalation } from './blacklist-escalation.entity';
import { ListingThreshold } from './listing-threshold.entity';
import { CalendarYearRecord } from './calendar-year.entity';
import { Enterprise } from './enterprise.entity';
import { InboundDocumentRecord } from './inbound-document.entity';
import { ConflictingReplayRecord } from './conflicting-replay.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { NoticeEndpoint } from './notice-endpoint.entity';
import { OutboxNotice } from './outbox-notice.entity';
import { Penalty } from './penalty.entity';
import { Incident } from './incident.entity';
import { ClueRulesRecord, WageClue } from './wage-clue.entity';
import { CaseDeadlineRulesRecord, CaseReferral, JointAssessment } from './case-supervision.entity';
import { Project } from './project.entity';
import { SpecialAccount } from './special-account.entity';
import { TripartiteAgreement } from './tripartite-agreement.entity';
import { WageCase } from './wage-case.entity';
import { WageCaseLine } from './wage-case-line.entity';
import { WageCasePayment } from './wage-case-payment.entity';
import { WageCaseTransition } from './wage-case-transition.entity';
import { DUTY_ENTITIES } from './duty-entities';
import { RIGHTS_BOARD_ENTITIES } from './rights-board.entity';
import { ACCOUNT_DUTY_ENTITIES } from './account-duty.entity';
import { ReportArchive } from './report-archive.entity';

export { AccountEventRecord, Alert, Bank, Enterprise, Project, SpecialAccount, TripartiteAgreement };
export { CalendarYearRecord };
export { BlacklistChange, BlacklistEntry, ListingEscalation, ListingThreshold };
export { NoticeEndpoint, OutboxNotice };
export { InboundDocumentRecord };
export { ConflictingReplayRecord, WebhookDelivery };
export { WageCase, WageCaseLine, WageCasePayment, WageCaseTransition, Penalty };
export { Incident };
export { ReportArchive };
export { WageClue, ClueRulesRecord, JointAssessment, CaseReferral, CaseDeadlineRulesRecord };
export type { Industry } from './project.entity';
export * from './duty-entities';
export * from './rights-board.entity';
export { SpecialAccountFiling, FundingArrangement, FreezeObjection } from './account-duty.entity';
export const ALL_ENTITIES = [
  ReportArchive,
  Incident,
  WageClue,
  ClueRulesRecord,
  JointAssessment,
  CaseReferral,
  CaseDeadlineRulesRecord,
  Enterprise,
  Bank,
  Project,
  SpecialAccount,
  TripartiteAgreement,
  AccountEventRecord,
  CalendarYearRecord,
  Alert,
  BlacklistEntry,
  BlacklistChange,
  ListingThreshold,
  ListingEscalation,
  OutboxNotice,
  NoticeEndpoint,
  InboundDocumentRecord,
  ConflictingReplayRecord,
  WebhookDelivery,
  WageCase,
  WageCaseLine,
  WageCasePayment,
  WageCaseTransition,
  Penalty,
  ...DUTY_ENTITIES,
  ...RIGHTS_BOARD_ENTITIES,
  ...ACCOUNT_DUTY_ENTITIES,
];
