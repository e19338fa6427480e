import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../src/domain/errors';
import { pageSize } from '../../src/services/pagination';
import { seesWorkforce, type WorkforceProject } from '../../src/services/workforce/access';
import { submitPayroll } from '../../src/services/workforce/payroll';
import { decodePayrollCursor } from '../../src/services/workforce/payroll-reads';
import { recordPayrollResults } from '../../src/services/workforce/payroll-results';
import { assertMonth } from '../../src/services/workforce/reads';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { payrollLoaders } from '../payroll-loaders';
import { toConnection, type Connection } from '../types/connection';
import { ProjectType } from '../types/core';
import {
  PayrollConnection,
  PayrollInput,
  PayrollLineType,
  PayrollResultInput,
  PayrollType,
  WageLedgerConnection,
  WageLedgerEntryType,
} from '../types/payroll';
import { WorkerType, WorkTeamType } from '../types/workforce';
import { workforceLoaders } from '../workforce-loaders';

const EMPTY = { nodes: [], cursorOf: () => '', totalCount: 0, hasNextPage: false };

/** The payroll of `id` if the caller sees its project's workforce; NOT_FOUND otherwise (naming nothing). */
async function payrollInScope(ctx: GraphQLContext, id: string): Promise<PayrollType> {
  const caller = serviceContext(ctx).caller;
  const p = await payrollLoaders(ctx).payroll.load(id);
  const project = p && (await workforceLoaders(ctx).workforceProject.load(p.projectId));
  if (!p || !project || !seesWorkforce(caller, project)) throw notFound(`payroll ${id}`);
  return PayrollType.from(p, project);
}

async function projectSeen(ctx: GraphQLContext, id: string): Promise<WorkforceProject | null> {
  const project = await workforceLoaders(ctx).workforceProject.load(id);
  return project && seesWorkforce(serviceContext(ctx).caller, project) ? project : null;
}

/** Payroll through the special account (R6): the contractor submits, the account's bank reports. */
@Resolver()
export class PayrollResolver {
  @Mutation(() => PayrollType, {
    description:
      "org CONTRACTOR, the project's general contractor: a team's payroll for a month; refused whole on any bad line (BAD_USER_INPUT naming lines[i].field, all of them in extensions.problems); the same reference and content again is the same payroll, other content CONFLICT",
  })
  async submitPayroll(@Arg('input') input: PayrollInput, @Ctx() ctx: GraphQLContext): Promise<PayrollType> {
    const id = await inTransaction(ctx, (svc) => submitPayroll(svc, input));
    return payrollInScope(ctx, id);
  }

  @Mutation(() => PayrollType, {
    description:
      "org BANK, the bank holding the project's special account: each worker's result; a paid line stays paid (FAILED after PAID: CONFLICT); the same result again changes nothing",
  })
  async recordPayrollResults(
    @Arg('payrollId', () => ID) payrollId: string,
    @Arg('results', () => [PayrollResultInput]) results: PayrollResultInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<PayrollType> {
    await inTransaction(ctx, (svc) => recordPayrollResults(svc, payrollId, results));
    return payrollInScope(ctx, payrollId);
  }

  @Query(() => PayrollType, {
    description:
      "a payroll: its project's contractor, its bank, HRSS of its district, its industry authority",
  })
  payroll(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PayrollType> {
    return payrollInScope(ctx, id);
  }
}

@Resolver(() => PayrollType)
export class PayrollFieldsResolver {
  @FieldResolver(() => [PayrollLineType], { description: 'by worker' })
  async lines(@Root() p: PayrollType, @Ctx() ctx: GraphQLContext): Promise<PayrollLineType[]> {
    return (await payrollLoaders(ctx).lines.load(p.id)).map((l) => PayrollLineType.from(l, p.project));
  }

  @FieldResolver(() => WorkTeamType)
  async team(@Root() p: PayrollType, @Ctx() ctx: GraphQLContext): Promise<WorkTeamType> {
    return WorkTeamType.from((await workforceLoaders(ctx).team.load(p.teamId))!);
  }
}

@Resolver(() => PayrollLineType)
export class PayrollLineFieldsResolver {
  @FieldResolver(() => WorkerType)
  async worker(@Root() l: PayrollLineType, @Ctx() ctx: GraphQLContext): Promise<WorkerType> {
    const w = await workforceLoaders(ctx).workerById.load(l.record.workerId);
    return WorkerType.from({ ...w!, project: l.project });
  }
}

@Resolver(() => WageLedgerEntryType)
export class WageLedgerFieldsResolver {
  @FieldResolver(() => WorkerType)
  worker(@Root() e: WageLedgerEntryType): WorkerType {
    return WorkerType.from(e.worker);
  }
}

@Resolver(() => ProjectType)
export class ProjectPayrollResolver {
  @FieldResolver(() => PayrollConnection, {
    description:
      "the project's payrolls, keyset by id (its contractor, its bank, HRSS of its district, its industry authority; empty for anyone else)",
  })
  async payrolls(
    @Root() p: ProjectType,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<PayrollType>> {
    const limit = pageSize(first);
    const cursor = decodePayrollCursor(after);
    const project = await projectSeen(ctx, p.id);
    if (!project) return toConnection(EMPTY, (r: never) => r);
    const page = await payrollLoaders(ctx).projectPayrolls(limit, cursor).load(project);
    return toConnection(page, (r) => PayrollType.from(r, project));
  }

  @FieldResolver(() => WageLedgerConnection, {
    description:
      'the wage ledger per registered worker, keyset by worker (R6): months worked, due, paid, owed, and months attended that no payroll names; `month` (YYYY-MM) counts that month only. Scoped as payrolls',
  })
  async wageLedger(
    @Root() p: ProjectType,
    @Ctx() ctx: GraphQLContext,
    @Arg('month', () => String, { nullable: true }) month?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<WageLedgerEntryType>> {
    if (month) assertMonth(month);
    const limit = pageSize(first);
    const cursor = decodePayrollCursor(after);
    const project = await projectSeen(ctx, p.id);
    if (!project) return toConnection(EMPTY, (r: never) => r);
    const page = await payrollLoaders(ctx)
      .wageLedger(month ?? null, limit, cursor)
      .load(project);
    return toConnection(page, WageLedgerEntryType.from);
  }
}

export const PAYROLL_RESOLVERS = [
  PayrollResolver,
  PayrollFieldsResolver,
  PayrollLineFieldsResolver,
  WageLedgerFieldsResolver,
  ProjectPayrollResolver,
] as const;
