/**
 * Per-request DataLoaders of the deposit and guarantee duties (the pattern of schema/loaders.ts,
 * kept apart so each area adds its own): a page of projects reads its requirements, returns,
 * deposits and guarantees, and a page of deposits its top-ups and notices, one batch each.
 */
import DataLoader from 'dataloader';
import type { DepositPaymentNotice, DepositTopUp, PaymentGuarantee, WageDeposit } from '../src/entities';
import type { Page } from '../src/services/pagination';
import {
  depositRequirementsOf,
  depositReturnsOf,
  firstDepositsOfProjects,
  firstGuaranteesOfProjects,
  paymentNoticesOf,
  topUpsOf,
  type DepositReturnView,
  type ProjectRequirement,
} from '../src/services/duties/reads';
import { serviceContext, type GraphQLContext } from './context';

export interface DutyLoaders {
  requirement: DataLoader<string, ProjectRequirement | null>;
  depositReturn: DataLoader<string, DepositReturnView | null>;
  projectDeposits(first: number | null | undefined): DataLoader<string, Page<WageDeposit>>;
  projectGuarantees(first: number | null | undefined): DataLoader<string, Page<PaymentGuarantee>>;
  topUps: DataLoader<string, DepositTopUp[]>;
  paymentNotices: DataLoader<string, DepositPaymentNotice[]>;
}

const cache = new WeakMap<GraphQLContext, DutyLoaders>();

export function dutyLoaders(ctx: GraphQLContext): DutyLoaders {
  let made = cache.get(ctx);
  if (made) return made;
  const svc = () => serviceContext(ctx);
  const byFirst = <T>(
    load: (ids: readonly string[], first: number | null | undefined) => Promise<Page<T>[]>,
  ) => {
    const loaders = new Map<string, DataLoader<string, Page<T>>>();
    return (first: number | null | undefined) => {
      const key = String(first ?? null);
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader((ids) => load(ids, first));
        loaders.set(key, loader);
      }
      return loader;
    };
  };
  made = {
    requirement: new DataLoader((ids) => depositRequirementsOf(svc(), ids)),
    depositReturn: new DataLoader((ids) => depositReturnsOf(svc(), ids)),
    projectDeposits: byFirst((ids, first) => firstDepositsOfProjects(svc(), ids, first)),
    projectGuarantees: byFirst((ids, first) => firstGuaranteesOfProjects(svc(), ids, first)),
    topUps: new DataLoader((ids) => topUpsOf(svc(), ids)),
    paymentNotices: new DataLoader((ids) => paymentNoticesOf(svc(), ids)),
  };
  cache.set(ctx, made);
  return made;
}
