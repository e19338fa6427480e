import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { todayInShanghai } from '../../src/clock';
import { managersShareBp, ruleOn } from '../../src/domain/workforce/valid-day';
import { decryptPersonal } from '../../src/personal-data/cipher';
import { loadWorkingCalendar } from '../../src/services/calendar';
import { seesNumbersInFull, seesWorkforce, projectInScope } from '../../src/services/workforce/access';
import {
  attendanceRules,
  recordAttendance,
  setAttendanceRules,
} from '../../src/services/workforce/attendance';
import { recordLabourContracts, recordSiteEntries } from '../../src/services/workforce/contracts';
import {
  assertMonth,
  findWorkerByIdNumber,
  listWorkers,
  validDaysOf,
} from '../../src/services/workforce/reads';
import { sql } from '../../src/db/sql';
import {
  appointLabourWageManager,
  registerTeams,
  registerWorkers,
} from '../../src/services/workforce/registration';
import { addDays } from '../../src/domain/dates';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { ProjectType } from '../types/core';
import {
  AttendanceBatchResultType,
  AttendancePunchInput,
  AttendanceRulesInput,
  AttendanceRulesType,
  LabourContractInput,
  LabourContractType,
  LabourWageManagerType,
  ManagersAttendanceType,
  SiteEntryInput,
  TeamInput,
  WorkerConnection,
  WorkerFilter,
  WorkerInput,
  WorkerType,
  WorkforceBatchResultType,
  WorkTeamType,
} from '../types/workforce';
import { DateScalar } from '../scalars';
import { workforceLoaders } from '../workforce-loaders';

const CONTRACTOR_BATCH =
  "org CONTRACTOR, the project's general contractor; each row is checked on its own (rejected { index code message }), the valid ones stored together; a replay changes nothing";

@Resolver()
export class WorkforceResolver {
  @Mutation(() => WorkforceBatchResultType, { description: `Teams (班组; Team.Add). ${CONTRACTOR_BATCH}` })
  registerTeams(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('teams', () => [TeamInput]) teams: TeamInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkforceBatchResultType> {
    return inTransaction(ctx, (svc) => registerTeams(svc, projectId, teams));
  }

  @Mutation(() => WorkforceBatchResultType, {
    description: `Workers by real name (ProjectWorker.Add), up to 5,000 per call. ${CONTRACTOR_BATCH}`,
  })
  registerWorkers(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('workers', () => [WorkerInput]) workers: WorkerInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkforceBatchResultType> {
    return inTransaction(ctx, (svc) => registerWorkers(svc, projectId, workers));
  }

  @Mutation(() => WorkforceBatchResultType, {
    description: `Labour contracts (劳动合同), up to 5,000 per call; idempotent on contractCode. ${CONTRACTOR_BATCH}`,
  })
  recordLabourContracts(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('contracts', () => [LabourContractInput]) contracts: LabourContractInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkforceBatchResultType> {
    return inTransaction(ctx, (svc) => recordLabourContracts(svc, projectId, contracts));
  }

  @Mutation(() => WorkforceBatchResultType, {
    description: `Site entries and exits; an entry of a worker not registered (NOT_REGISTERED) or without a contract signed by that day (NO_LABOUR_CONTRACT) is refused as its row. ${CONTRACTOR_BATCH}`,
  })
  recordSiteEntries(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('entries', () => [SiteEntryInput]) entries: SiteEntryInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkforceBatchResultType> {
    return inTransaction(ctx, (svc) => recordSiteEntries(svc, projectId, entries));
  }

  @Mutation(() => AttendanceBatchResultType, {
    description: `Attendance punches (WorkerAttendance.Add), up to 10,000 per call; a worker without registration or contract opens WORKER_WITHOUT_CONTRACT. ${CONTRACTOR_BATCH}`,
  })
  recordAttendance(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('punches', () => [AttendancePunchInput]) punches: AttendancePunchInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<AttendanceBatchResultType> {
    return inTransaction(ctx, (svc) => recordAttendance(svc, projectId, punches));
  }

  @Mutation(() => LabourWageManagerType, {
    description:
      "org CONTRACTOR: names the project's labour-wage manager (劳资专管员), a registered MANAGER of the general contractor's own team",
  })
  async appointLabourWageManager(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('idCardNumber') idCardNumber: string,
    @Arg('appointedOn', () => DateScalar) appointedOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LabourWageManagerType> {
    await inTransaction(ctx, (svc) => appointLabourWageManager(svc, projectId, idCardNumber, appointedOn));
    const worker = await findWorkerByIdNumber(serviceContext(ctx), projectId, idCardNumber);
    return Object.assign(new LabourWageManagerType(), { worker: WorkerType.from(worker!), appointedOn });
  }

  @Query(() => WorkerConnection, {
    description:
      "a project's workers: its contractor, its bank, HRSS of its district and its industry authority (NOT_FOUND otherwise)",
  })
  async workers(
    @Arg('projectId', () => ID) projectId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => WorkerFilter, { nullable: true }) filter?: WorkerFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<WorkerType>> {
    return toConnection(
      await listWorkers(serviceContext(ctx), projectId, filter, first, after),
      WorkerType.from,
    );
  }

  @Query(() => WorkerType, {
    nullable: true,
    description: 'the worker with this ID number on the project, found by its keyed hash; null if none',
  })
  async worker(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('idCardNumber') idCardNumber: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkerType | null> {
    const w = await findWorkerByIdNumber(serviceContext(ctx), projectId, idCardNumber);
    return w ? WorkerType.from(w) : null;
  }

  @Query(() => ManagersAttendanceType, { description: "managers' share of days present in a month (R4)" })
  async managersAttendance(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('month') month: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ManagersAttendanceType> {
    const svc = serviceContext(ctx);
    assertMonth(month);
    const project = await projectInScope(svc.em, svc.caller, projectId);
    const managers = await sql<{ h: string }>(
      svc.em,
      `select id_number_hash as h from worker where project_id = ? and work_role = 'MANAGER'`,
      [project.id],
    );
    const rules = await attendanceRules(svc.em);
    const rule = ruleOn(rules, `${month}-01`);
    const days = await validDaysOf(
      svc.em,
      managers.map((m) => ({ projectId: project.id, idNumberHash: m.h, month })),
      rules,
    );
    const calendar = await loadWorkingCalendar(svc.em);
    const today = todayInShanghai();
    let requiredDays = 0;
    for (let d = `${month}-01`; d.slice(0, 7) === month && d <= today; d = addDays(d, 1))
      if (calendar.workingDayStatus(d).working) requiredDays += 1;
    const shareBp = managersShareBp(
      days.map((d) => d.length),
      requiredDays,
    );
    return Object.assign(new ManagersAttendanceType(), {
      month,
      requiredDays,
      managers: managers.length,
      managerDaysPresent: days.reduce((s, d) => s + d.length, 0),
      shareBp,
      minimumShareBp: rule.managerShareBp,
      belowMinimum: shareBp === null ? null : shareBp < rule.managerShareBp,
    });
  }

  @Mutation(() => AttendanceRulesType, {
    description:
      'city HRSS: a version of the valid-day rule from effectiveFrom on (the same day replaced); valid days are counted on reading, so it applies at once to the months from then',
  })
  setAttendanceRules(
    @Arg('input') input: AttendanceRulesInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AttendanceRulesType> {
    return inTransaction(ctx, (svc) => setAttendanceRules(svc, { ...input }));
  }

  @Query(() => [AttendanceRulesType], {
    description: 'the valid-day rule versions (any authenticated caller)',
  })
  async attendanceRules(@Ctx() ctx: GraphQLContext): Promise<AttendanceRulesType[]> {
    return attendanceRules(serviceContext(ctx).em);
  }
}

/** In full for HRSS and the project's bank (flagging the answer for the audit log), masked otherwise. */
function number(ctx: GraphQLContext, w: WorkerType, enc: string, masked: string): string {
  const svc = serviceContext(ctx);
  if (!seesNumbersInFull(svc.caller, w.record.project)) return masked;
  ctx.personalDataRead = true;
  const ids = (ctx.auditObjectIds ??= []);
  if (ids.length < 20 && !ids.includes(`worker:${w.id}`)) ids.push(`worker:${w.id}`);
  return decryptPersonal(enc);
}

@Resolver(() => WorkerType)
export class WorkerFieldsResolver {
  @FieldResolver(() => String, {
    description: 'masked (210502********1234) unless HRSS or the project’s bank asks',
  })
  idCardNumber(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): string {
    return number(ctx, w, w.record.idNumberEnc, w.record.idNumberMasked);
  }

  @FieldResolver(() => String, {
    description: 'masked (************1234) unless HRSS or the project’s bank asks',
  })
  payRollBankCardNumber(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): string {
    return number(ctx, w, w.record.cardEnc, w.record.cardMasked);
  }

  @FieldResolver(() => WorkTeamType)
  async team(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): Promise<WorkTeamType> {
    return WorkTeamType.from((await workforceLoaders(ctx).team.load(w.record.teamId))!);
  }

  @FieldResolver(() => [LabourContractType], { description: 'signed first, first' })
  async contracts(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): Promise<LabourContractType[]> {
    return (await workforceLoaders(ctx).contracts.load(w.id)).map(LabourContractType.from);
  }

  @FieldResolver(() => [DateScalar], {
    description: 'the valid attendance days of a Shanghai month (YYYY-MM), under the rule in force',
  })
  async validDays(
    @Root() w: WorkerType,
    @Arg('month') month: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<string[]> {
    assertMonth(month);
    return workforceLoaders(ctx).validDays.load({
      projectId: w.projectId,
      idNumberHash: w.record.idNumberHash,
      month,
    });
  }
}

@Resolver(() => ProjectType)
export class ProjectWorkforceResolver {
  @FieldResolver(() => LabourWageManagerType, {
    nullable: true,
    description: "劳资专管员; null when none is named, or the project's workforce is outside your scope",
  })
  async labourWageManager(
    @Root() p: ProjectType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LabourWageManagerType | null> {
    const loaders = workforceLoaders(ctx);
    const project = await loaders.workforceProject.load(p.id);
    if (!project || !seesWorkforce(serviceContext(ctx).caller, project)) return null;
    const m = await loaders.labourWageManager.load(p.id);
    if (!m) return null;
    const { appointedOn, ...worker } = m;
    return Object.assign(new LabourWageManagerType(), {
      worker: WorkerType.from({ ...worker, project }),
      appointedOn,
    });
  }
}

export const WORKFORCE_RESOLVERS = [
  WorkforceResolver,
  WorkerFieldsResolver,
  ProjectWorkforceResolver,
] as const;
