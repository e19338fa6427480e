/**
 * Per-request loaders of the workforce's nested fields (schema/loaders.ts' pattern): a page of
 * workers reads its teams, contracts and a month's valid days in one statement each.
 */
import DataLoader from 'dataloader';
import type { AttendanceRule } from '../src/domain/workforce/valid-day';
import { attendanceRules } from '../src/services/workforce/attendance';
import { loadWorkforceProjects, type WorkforceProject } from '../src/services/workforce/access';
import {
  contractsOfWorkers,
  labourWageManagers,
  teamsById,
  validDaysOf,
  firstWorkersOfProjects,
  workersById,
  type ContractRecord,
  type LabourWageManagerRecord,
  type TeamRecord,
  type WorkerRecord,
} from '../src/services/workforce/reads';
import type { Page } from '../src/services/pagination';
import type { GraphQLContext } from './context';

export interface WorkforceLoaders {
  team: DataLoader<string, TeamRecord | null>;
  contracts: DataLoader<string, ContractRecord[]>;
  workforceProject: DataLoader<string, WorkforceProject | null>;
  labourWageManager: DataLoader<string, LabourWageManagerRecord | null>;
  workerById: DataLoader<string, Omit<WorkerRecord, 'project'> | null>;
  /** one loader per distinct `first` a request asks Project.workers with */
  projectWorkers(first: number): DataLoader<WorkforceProject, Page<WorkerRecord>, string>;
  validDays: DataLoader<{ projectId: string; idNumberHash: string; month: string }, string[], string>;
}

const cache = new WeakMap<GraphQLContext, WorkforceLoaders>();

export function workforceLoaders(ctx: GraphQLContext): WorkforceLoaders {
  let made = cache.get(ctx);
  if (made) return made;
  let rules: Promise<AttendanceRule[]> | null = null;
  const workerPages = new Map<number, DataLoader<WorkforceProject, Page<WorkerRecord>, string>>();
  made = {
    workerById: new DataLoader((ids) => workersById(ctx.em, ids)),
    projectWorkers(first) {
      let loader = workerPages.get(first);
      if (!loader) {
        loader = new DataLoader((projects) => firstWorkersOfProjects(ctx.em, projects, first), {
          cacheKeyFn: (p) => p.id,
        });
        workerPages.set(first, loader);
      }
      return loader;
    },
    team: new DataLoader((ids) => teamsById(ctx.em, ids)),
    contracts: new DataLoader((ids) => contractsOfWorkers(ctx.em, ids)),
    workforceProject: new DataLoader(async (ids) => {
      const found = await loadWorkforceProjects(ctx.em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    labourWageManager: new DataLoader((ids) => labourWageManagers(ctx.em, ids)),
    validDays: new DataLoader(
      async (keys) => validDaysOf(ctx.em, keys, await (rules ??= attendanceRules(ctx.em))),
      { cacheKeyFn: (k) => `${k.projectId}|${k.idNumberHash}|${k.month}` },
    ),
  };
  cache.set(ctx, made);
  return made;
}
