/**
 * Per-request loaders of payrolls and the wage ledger (schema/workforce-loaders.ts' pattern): a
 * page of projects reads its payrolls, a page of payrolls its lines, a page of projects its
 * ledgers, in a fixed number of statements whatever the page size.
 */
import DataLoader from 'dataloader';
import type { AttendanceRule } from '../src/domain/workforce/valid-day';
import type { WorkforceProject } from '../src/services/workforce/access';
import { attendanceRules } from '../src/services/workforce/attendance';
import { ledgerOfProjects, type LedgerEntry } from '../src/services/workforce/ledger-reads';
import {
  linesOfPayrolls,
  payrollsById,
  payrollsOfProjects,
  type PayrollLineRecord,
  type PayrollRecord,
} from '../src/services/workforce/payroll-reads';
import type { Page } from '../src/services/pagination';
import type { GraphQLContext } from './context';

type PageLoader<T> = DataLoader<WorkforceProject, Page<T>, string>;

export interface PayrollLoaders {
  payroll: DataLoader<string, PayrollRecord | null>;
  lines: DataLoader<string, PayrollLineRecord[]>;
  /** one loader per distinct (first, after) a request asks Project.payrolls with */
  projectPayrolls(first: number, after: string | null): PageLoader<PayrollRecord>;
  /** one loader per distinct (month, first, after) a request asks Project.wageLedger with */
  wageLedger(month: string | null, first: number, after: string | null): PageLoader<LedgerEntry>;
}

const cache = new WeakMap<GraphQLContext, PayrollLoaders>();

export function payrollLoaders(ctx: GraphQLContext): PayrollLoaders {
  let made = cache.get(ctx);
  if (made) return made;
  let rules: Promise<AttendanceRule[]> | null = null;
  const pages = new Map<string, PageLoader<never>>();
  const pageLoader = <T>(
    key: string,
    load: (projects: readonly WorkforceProject[]) => Promise<Page<T>[]>,
  ) => {
    let loader = pages.get(key) as PageLoader<T> | undefined;
    if (!loader) {
      loader = new DataLoader(load, { cacheKeyFn: (p) => p.id });
      pages.set(key, loader as unknown as PageLoader<never>);
    }
    return loader;
  };
  made = {
    payroll: new DataLoader((ids) => payrollsById(ctx.em, ids)),
    lines: new DataLoader((ids) => linesOfPayrolls(ctx.em, ids)),
    projectPayrolls: (first, after) =>
      pageLoader(`payrolls|${first}|${after ?? ''}`, (projects) =>
        payrollsOfProjects(ctx.em, projects, first, after),
      ),
    wageLedger: (month, first, after) =>
      pageLoader(`ledger|${month ?? ''}|${first}|${after ?? ''}`, async (projects) =>
        ledgerOfProjects(
          ctx.em,
          projects,
          { month, first, after },
          await (rules ??= attendanceRules(ctx.em)),
        ),
      ),
  };
  cache.set(ctx, made);
  return made;
}
