/**
 * What the API's lists show, read with plain SQL instead of as MikroORM entities. Each view has the
 * property names and nesting of its entity, so an entity is also a view (a mutation answers with
 * the entity it wrote, through the same GraphQL types) and only the columns an answer shows are
 * read. Why: turning rows into managed entities (hydration, identity map, change-tracking
 * snapshots, per-instance property accessors) cost 30–60 µs an entity, most of the CPU of a page
 * of 50 projects with their agreements and alerts (issue #9's profile, README). Views are
 * read-only answers: nothing writes through them.
 */
import type {
  Alert,
  Enterprise,
  Project,
  TripartiteAgreement,
  WageCase,
  WageCaseLine,
  WageCasePayment,
  WageCaseTransition,
} from '../../entities';

export type EnterpriseView = Pick<Enterprise, 'id' | 'uscc' | 'name' | 'legalRepName' | 'legalRepIdNumber'>;

export type ProjectView = Pick<
  Project,
  | 'id'
  | 'name'
  | 'districtCode'
  | 'industry'
  | 'contractPriceFen'
  | 'contractSignedOn'
  | 'permitIssuedOn'
  | 'completedOn'
  | 'governmentInvestment'
  | 'createdAt'
> & { owner: EnterpriseView; contractor: EnterpriseView };

/**
 * A project read without its owner and contractor: what a list that joins its projects anyway
 * (alerts, cases) reads when its answer shows neither, saving two joins and ten columns a row.
 */
export type ProjectCoreView = Omit<ProjectView, 'owner' | 'contractor'> &
  Partial<Pick<ProjectView, 'owner' | 'contractor'>>;

export interface AccountView {
  id: string;
  accountNo: string;
  bank: { code: string };
}

export type AgreementView = Pick<
  TripartiteAgreement,
  'id' | 'laborCostPerCycleFen' | 'dueDay' | 'startsOn' | 'endsOn' | 'createdAt'
> & { project: { id: string }; account: AccountView; supersedes: { id: string } | null };

export type AlertView = Pick<
  Alert,
  | 'id'
  | 'kind'
  | 'status'
  | 'dueDate'
  | 'shortfallFen'
  | 'openedOn'
  | 'resolvedOn'
  | 'withdrawnOn'
  | 'bankNoticeDeadline'
  | 'contractorNotifiedAt'
  | 'contractorNotifiedRecordedAt'
  | 'contractorReportDeadline'
  | 'contractorReportedAt'
  | 'contractorReportedRecordedAt'
  | 'escalations'
  | 'deadlinesProvisional'
  | 'details'
  | 'correctionDeadline'
> & {
  project: { id: string };
  /** the project's own columns, when the page read them with the alert (listAlerts) */
  projectCore?: ProjectCoreView;
};

export type CaseView = Pick<
  WageCase,
  | 'id'
  | 'source'
  | 'status'
  | 'districtCode'
  | 'routedOrg'
  | 'workers'
  | 'claimedAmountFen'
  | 'receivedOn'
  | 'verifiedOn'
  | 'verifiedTotalFen'
  | 'paidTotalFen'
  | 'paidInFullOn'
  | 'orderIssuedOn'
  | 'orderDeadline'
  | 'orderIssuedByOrg'
  | 'orderIssuedByDistrict'
  | 'listingDecisionDeadline'
  | 'deadlinesProvisional'
  | 'filedOn'
  | 'transferredOn'
  | 'policeGround'
  | 'policeResultOn'
  | 'policeResult'
  | 'guidedToCourtOn'
  | 'closedOn'
  | 'closeReason'
  | 'escalatedToGovernmentOn'
  | 'governmentEscalationReason'
  | 'createdAt'
> & {
  /** without owner and contractor when the list's answer shows neither (listCases) */
  project: ProjectCoreView | null;
  employer: EnterpriseView;
  debtor: EnterpriseView | null;
  alert: { id: string } | null;
};

export type CaseStepView = Pick<
  WageCaseTransition,
  | 'id'
  | 'action'
  | 'fromStatus'
  | 'toStatus'
  | 'onDate'
  | 'bySub'
  | 'byOrg'
  | 'byDistrict'
  | 'note'
  | 'recordedAt'
> & { wageCase: { id: string } };

export type CaseLineView = Pick<
  WageCaseLine,
  'workerName' | 'workerIdNumber' | 'monthsOwed' | 'amountFen'
> & {
  wageCase: { id: string };
};

export type CasePaymentView = Pick<WageCasePayment, 'paidOn' | 'amountFen' | 'recordedAt'> & {
  wageCase: { id: string };
};
