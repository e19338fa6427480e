import { buildSchema, getMetadataStorage } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AlertResolver, ProjectAlertsResolver } from './resolvers/alert.resolver';
import { BlacklistChangeConnectionResolver, BlacklistResolver } from './resolvers/blacklist.resolver';
import { AuditEntryConnectionResolver, AuditResolver } from './resolvers/audit.resolver';
import { BankWebhookSecretResolver } from './resolvers/bank-secret.resolver';
import { CalendarResolver } from './resolvers/calendar.resolver';
import { CaseResolver } from './resolvers/case.resolver';
import { CsvLayoutResolver } from './resolvers/csv-layout.resolver';
import { BankAmountUnitResolver, InboundDocumentResolver } from './resolvers/inbound-document.resolver';
import { IncidentResolver } from './resolvers/incident.resolver';
import { ClueResolver } from './resolvers/clue.resolver';
import { CaseSupervisionResolver } from './resolvers/supervision.resolver';
import { IngestResolver } from './resolvers/ingest.resolver';
import { NoticeResolver } from './resolvers/notice.resolver';
import { PenaltyResolver } from './resolvers/penalty.resolver';
import { ProjectResolver, TripartiteAgreementResolver } from './resolvers/project.resolver';
import { RegistrationResolver } from './resolvers/registration.resolver';
import { ReplayResolver } from './resolvers/replay.resolver';
import { TrustedDocumentResolver } from './resolvers/trusted-document.resolver';
import { refuseUnstorableText } from './refuse-unstorable-text';
import { stopResolversWhenAborted } from './limits/stop-when-aborted';
import { DUTY_RESOLVERS } from './resolvers/duties';
import { RightsBoardResolver } from './resolvers/rights-board.resolver';
import { ScorecardResolver } from './resolvers/scorecard.resolver';
import { ReportResolver } from './resolvers/report.resolver';
import {
  EnterpriseWarningResolver,
  ProjectWarningResolver,
  WarningResolver,
} from './resolvers/warning.resolver';
import { WORKFORCE_RESOLVERS } from './resolvers/workforce.resolver';
import { PAYROLL_RESOLVERS } from './resolvers/payroll.resolver';
import { PayAlertRulesResolver } from './resolvers/pay-alert-rules.resolver';

export const RESOLVERS = [
  RegistrationResolver,
  ProjectResolver,
  TripartiteAgreementResolver,
  IngestResolver,
  CalendarResolver,
  AlertResolver,
  ProjectAlertsResolver,
  BlacklistResolver,
  BlacklistChangeConnectionResolver,
  NoticeResolver,
  InboundDocumentResolver,
  BankAmountUnitResolver,
  CsvLayoutResolver,
  CaseResolver,
  PenaltyResolver,
  AuditResolver,
  AuditEntryConnectionResolver,
  ReplayResolver,
  IncidentResolver,
  ClueResolver,
  CaseSupervisionResolver,
  TrustedDocumentResolver,
  BankWebhookSecretResolver,
  ...DUTY_RESOLVERS,
  RightsBoardResolver,
  ScorecardResolver,
  ReportResolver,
  WarningResolver,
  ProjectWarningResolver,
  EnterpriseWarningResolver,
  ...WORKFORCE_RESOLVERS,
  ...PAYROLL_RESOLVERS,
  PayAlertRulesResolver,
] as const;

export async function buildHubSchema(): Promise<GraphQLSchema> {
  // The hub uses no type-graphql middleware, so a plain field is read as graphql-js reads it:
  // without type-graphql's wrapper, which cost an object and a closure for every field of every
  // answer (500 feed changes × 17 fields). Fields with a @FieldResolver keep theirs.
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    // Input validation lives in the services, where GraphQL and the push route share it.
    validate: false,
  });
  return stopResolversWhenAborted(refuseUnstorableText(schema));
}
