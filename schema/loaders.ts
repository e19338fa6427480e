/**
 * Per-request DataLoaders: every nested field of a page (a project's agreement, its alerts, an
 * alert's project, a case's history…) is collected over one tick and read in one statement, so a
 * request's statements do not grow with its page size. New list types follow the same pattern.
 * Loaders live on the request's context and die with it: nothing is cached across requests.
 */
import DataLoader from 'dataloader';
import type {
  AccountView,
  AgreementView,
  AlertView,
  CaseLineView,
  CasePaymentView,
  CaseStepView,
  CaseView,
  ProjectView,
} from '../src/services/views/views';
import type { Page } from '../src/services/pagination';
import type { AlertFilter } from '../src/services/compliance/alerts';
import { findProjects } from '../src/services/batched/projects-batch';
import { creditedTotalsFen, currentAgreements } from '../src/services/batched/agreements-batch';
import { firstAlertsOfProjects } from '../src/services/batched/alerts-batch';
import {
  caseHistories,
  casesByIds,
  linesOfCases,
  paymentsOfCases,
} from '../src/services/batched/cases-batch';
import {
  assessmentsOfCases,
  referralsOfCases,
  type AssessmentView,
  type ReferralView,
} from '../src/services/cases/supervision';
import { todayInShanghai } from '../src/clock';
import { serviceContext, type GraphQLContext } from './context';

export interface RequestLoaders {
  project: DataLoader<string, ProjectView | null>;
  currentAgreement: DataLoader<string, AgreementView | null>;
  creditedTotal: DataLoader<AccountView, bigint, string>;
  /** one loader per distinct (filter, first) a request asks Project.alerts with */
  projectAlerts(
    filter: Pick<AlertFilter, 'kind' | 'status'>,
    first: number | null | undefined,
  ): DataLoader<string, Page<AlertView>>;
  caseHistory: DataLoader<string, CaseStepView[]>;
  caseLines: DataLoader<string, CaseLineView[]>;
  casePayments: DataLoader<string, CasePaymentView[]>;
  /** a case by id (a clue's), null out of scope */
  wageCase: DataLoader<string, CaseView | null>;
  caseAssessments: DataLoader<string, AssessmentView[]>;
  caseReferrals: DataLoader<string, ReferralView[]>;
}

const cache = new WeakMap<GraphQLContext, RequestLoaders>();

export function loaders(ctx: GraphQLContext): RequestLoaders {
  let made = cache.get(ctx);
  if (made) return made;
  const svc = () => serviceContext(ctx);
  const alertLoaders = new Map<string, DataLoader<string, Page<AlertView>>>();
  made = {
    project: new DataLoader((ids) => findProjects(svc(), ids)),
    currentAgreement: new DataLoader((ids) => currentAgreements(svc(), ids, todayInShanghai())),
    creditedTotal: new DataLoader((accounts) => creditedTotalsFen(svc(), accounts), {
      cacheKeyFn: (a) => `${a.bank.code}\u0000${a.accountNo}`,
    }),
    projectAlerts(filter, first) {
      const key = JSON.stringify([filter.kind ?? null, filter.status ?? null, first ?? null]);
      let loader = alertLoaders.get(key);
      if (!loader) {
        loader = new DataLoader((ids) => firstAlertsOfProjects(svc(), ids, filter, first));
        alertLoaders.set(key, loader);
      }
      return loader;
    },
    caseHistory: new DataLoader((ids) => caseHistories(svc(), ids)),
    caseLines: new DataLoader((ids) => linesOfCases(svc(), ids)),
    casePayments: new DataLoader((ids) => paymentsOfCases(svc(), ids)),
    wageCase: new DataLoader((ids) => casesByIds(svc(), ids)),
    caseAssessments: new DataLoader((ids) => assessmentsOfCases(svc(), ids)),
    caseReferrals: new DataLoader((ids) => referralsOfCases(svc(), ids)),
  };
  cache.set(ctx, made);
  return made;
}
