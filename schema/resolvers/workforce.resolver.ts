import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { todayInShanghai } from '../../src/clock';
import { addDays } from '../../src/domain/dates';
import { managersShareBp, ruleOn } from '../../src/domain/workforce/valid-day';
import { decryptPersonal } from '../../src/personal-data/cipher';
import { sql } from '../../src/db/sql';
import { loadWorkingCalendar } from '../../src/services/calendar';
import { pageSize } from '../../src/services/pagination';
import {
  projectInScope,
  seesNumbersInFull,
  seesWorkforce,
  type WorkforceProject,
} from '../../src/services/workforce/access';
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
import {
  registerTeam,
  registerWorkers,
  setLabourWageManager,
} from '../../src/services/workforce/registration';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { DateScalar } from '../scalars';
import { toConnection, type Connection } from '../types/connection';
import { ProjectType } from '../types/core';
import {
  AttendanceRulesInput,
  AttendanceRulesType,
  BatchResultType,
  LabourContractInput,
  LabourContractType,
  LabourWageManagerType,
  ManagersAttendanceType,
  PunchInput,
  SiteEntryInput,
  TeamInput,
  WorkerConnection,
  WorkerFilter,
  WorkerInput,
  WorkerType,
  WorkTeamType,
} from '../types/workforce';
import { workforceLoaders } from '../workforce-loaders';

const CONTRACTOR_BATCH =
  "org CONTRACTOR, the project's general contractor; each row is checked on its own (rejected { index code message }), the valid ones stored together; a replay changes nothing (duplicates)";

/** The contractor's system's mutations of docs/interface.md, and the workforce's reads. */
@Resolver()
export class WorkforceResolver {
  @Mutation(() => WorkTeamType, {
    description:
      "org CONTRACTOR, the project's general contractor: a team (班组) of its own or of a subcontractor; the same (employerUscc, name) again updates it",
  })
  async registerTeam(@Arg('input') input: TeamInput, @Ctx() ctx: GraphQLContext): Promise<WorkTeamType> {
    return WorkTeamType.from(await inTransaction(ctx, (svc) => registerTeam(svc, input)));
  }

  @Mutation(() => BatchResultType, {
    description: `Workers by real name, up to 5,000 per call; idempotent on idNumber. ${CONTRACTOR_BATCH}`,
  })
  async registerWorkers(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('workers', () => [WorkerInput]) workers: WorkerInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResultType> {
    return BatchResultType.from(await inTransaction(ctx, (svc) => registerWorkers(svc, projectId, workers)));
  }

  @Mutation(() => ProjectType, {
    description:
      "org CONTRACTOR: names the project's labour-wage manager (劳资专管员, art. 28); the ID number and phone are stored encrypted",
  })
  async setLabourWageManager(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('name') name: string,
    @Arg('idNumber') idNumber: string,
    @Arg('phone') phone: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProjectType> {
    await inTransaction(ctx, (svc) => setLabourWageManager(svc, projectId, { name, idNumber, phone }));
    const project = await loaders(ctx).project.load(projectId);
    return ProjectType.from(project!);
  }

  @Mutation(() => BatchResultType, {
    description: `Labour contracts (劳动合同), up to 5,000 per call; idempotent on contractCode. ${CONTRACTOR_BATCH}`,
  })
  async recordLabourContracts(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('contracts', () => [LabourContractInput]) contracts: LabourContractInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResultType> {
    return BatchResultType.from(
      await inTransaction(ctx, (svc) => recordLabourContracts(svc, projectId, contracts)),
    );
  }

  @Mutation(() => BatchResultType, {
    description: `Site entries and exits; an entry of a worker not registered (NOT_REGISTERED) or without a contract signed by that day (NO_LABOUR_CONTRACT) is refused as its row. ${CONTRACTOR_BATCH}`,
  })
  async recordSiteEntries(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('entries', () => [SiteEntryInput]) entries: SiteEntryInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResultType> {
    return BatchResultType.from(
      await inTransaction(ctx, (svc) => recordSiteEntries(svc, projectId, entries)),
    );
  }

  @Mutation(() => BatchResultType, {
    description: `Attendance punches, up to 10,000 per call; a punch of a worker without registration or contract is kept and opens WORKER_WITHOUT_CONTRACT. ${CONTRACTOR_BATCH}`,
  })
  async recordAttendance(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('punches', () => [PunchInput]) punches: PunchInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResultType> {
    return BatchResultType.from(await inTransaction(ctx, (svc) => recordAttendance(svc, projectId, punches)));
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
    @Arg('idNumber') idNumber: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkerType | null> {
    const w = await findWorkerByIdNumber(serviceContext(ctx), projectId, idNumber);
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
function number(
  ctx: GraphQLContext,
  project: WorkforceProject,
  subject: string,
  enc: string,
  masked: string,
): string {
  if (!seesNumbersInFull(serviceContext(ctx).caller, project)) return masked;
  ctx.personalDataRead = true;
  const ids = (ctx.auditObjectIds ??= []);
  if (ids.length < 20 && !ids.includes(subject)) ids.push(subject);
  return decryptPersonal(enc);
}

@Resolver(() => WorkerType)
export class WorkerFieldsResolver {
  @FieldResolver(() => String, {
    description: 'masked (210502********1234) unless HRSS or the project’s bank asks',
  })
  idNumber(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): string {
    return number(ctx, w.record.project, `worker:${w.id}`, w.record.idNumberEnc, w.record.idNumberMasked);
  }

  @FieldResolver(() => String, {
    description: 'masked (***************1234) unless HRSS or the project’s bank asks',
  })
  bankCardNo(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): string {
    return number(ctx, w.record.project, `worker:${w.id}`, w.record.cardEnc, w.record.cardMasked);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'masked (138****1234) unless HRSS or the project’s bank asks',
  })
  phone(@Root() w: WorkerType, @Ctx() ctx: GraphQLContext): string | null {
    if (!w.record.phoneEnc || !w.record.phoneMasked) return null;
    return number(ctx, w.record.project, `worker:${w.id}`, w.record.phoneEnc, w.record.phoneMasked);
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

@Resolver(() => LabourWageManagerType)
export class LabourWageManagerFieldsResolver {
  @FieldResolver(() => String, { description: 'masked unless HRSS or the project’s bank asks' })
  idNumber(@Root() m: LabourWageManagerType, @Ctx() ctx: GraphQLContext): string {
    return number(
      ctx,
      m.project,
      `labour-wage-manager:${m.project.id}`,
      m.record.idNumberEnc,
      m.record.idNumberMasked,
    );
  }

  @FieldResolver(() => String, { description: 'masked unless HRSS or the project’s bank asks' })
  phone(@Root() m: LabourWageManagerType, @Ctx() ctx: GraphQLContext): string {
    return number(
      ctx,
      m.project,
      `labour-wage-manager:${m.project.id}`,
      m.record.phoneEnc,
      m.record.phoneMasked,
    );
  }

  @FieldResolver(() => WorkerType, {
    nullable: true,
    description: 'the registered worker of that ID number, if any',
  })
  async worker(@Root() m: LabourWageManagerType, @Ctx() ctx: GraphQLContext): Promise<WorkerType | null> {
    if (!m.record.workerId) return null;
    const w = await workforceLoaders(ctx).workerById.load(m.record.workerId);
    return w ? WorkerType.from({ ...w, project: m.project }) : null;
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
    const wl = workforceLoaders(ctx);
    const project = await wl.workforceProject.load(p.id);
    if (!project || !seesWorkforce(serviceContext(ctx).caller, project)) return null;
    const m = await wl.labourWageManager.load(p.id);
    if (!m) return null;
    return Object.assign(new LabourWageManagerType(), {
      name: m.name,
      appointedOn: m.appointedOn,
      record: m,
      project,
    });
  }

  @FieldResolver(() => WorkerConnection, {
    description:
      "the project's workers, first first (its contractor, its bank, HRSS of its district, its industry authority; empty for anyone else); page on with the root workers(projectId, after)",
  })
  async workers(
    @Root() p: ProjectType,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
  ): Promise<Connection<WorkerType>> {
    const wl = workforceLoaders(ctx);
    const limit = pageSize(first);
    const project = await wl.workforceProject.load(p.id);
    if (!project || !seesWorkforce(serviceContext(ctx).caller, project))
      return toConnection(
        { nodes: [], cursorOf: () => '', totalCount: 0, hasNextPage: false },
        WorkerType.from,
      );
    return toConnection(await wl.projectWorkers(limit).load(project), WorkerType.from);
  }
}

export const WORKFORCE_RESOLVERS = [
  WorkforceResolver,
  WorkerFieldsResolver,
  LabourWageManagerFieldsResolver,
  ProjectWorkforceResolver,
] as const;
