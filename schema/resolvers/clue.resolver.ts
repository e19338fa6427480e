import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  closeClue,
  clueView,
  fileCaseFromClue,
  findClue,
  listClues,
  receiveClue,
} from '../../src/services/clues';
import { findCase } from '../../src/services/cases';
import { listClueRules, setClueRules } from '../../src/services/clue-rules';
import { DateScalar } from '../scalars';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { connectionWant } from '../selection';
import { toConnection, type Connection } from '../types/connection';
import { ProjectType } from '../types/core';
import { WageCaseType } from '../types/case';
import {
  ClueConnection,
  ClueFilter,
  ClueInput,
  ClueReceiptType,
  ClueRulesType,
  ClueType,
  CloseClueInput,
} from '../types/clue';

@Resolver(() => ClueType)
export class ClueResolver {
  @Mutation(() => ClueReceiptType, {
    description:
      'R18/C1, HRSS (city: any district; a district: its own): a clue under its source number, routed at once (CLUE_ROUTED notice); the same clue again is a replay, other content under its number a CONFLICT on sourceNumber',
  })
  async receiveClue(@Arg('input') input: ClueInput, @Ctx() ctx: GraphQLContext): Promise<ClueReceiptType> {
    const { id, replayed } = await inTransaction(ctx, async (svc) => {
      const { clue, replayed: again } = await receiveClue(svc, { ...input, amountFen: input.amount });
      return { id: clue.id, replayed: again };
    });
    return Object.assign(new ClueReceiptType(), { clue: await this.view(ctx, id), replayed });
  }

  @Mutation(() => ClueType, {
    description:
      'the agency it is routed to, the district HRSS or city HRSS: closes it with an outcome, late when closedOn is after dueOn',
  })
  async closeClue(
    @Arg('clueId', () => ID) clueId: string,
    @Arg('input') input: CloseClueInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ClueType> {
    const { id } = await inTransaction(ctx, (svc) => closeClue(svc, clueId, input));
    return this.view(ctx, id);
  }

  @Mutation(() => WageCaseType, {
    description:
      'C3 from a clue: a case with its source, project, employer (registered), workers and amount, linked; again: the same case',
  })
  async fileCaseFromClue(
    @Arg('clueId', () => ID) clueId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    const { id } = await inTransaction(ctx, (svc) => fileCaseFromClue(svc, clueId));
    const found = await findCase(serviceContext(ctx), id);
    if (!found) throw new Error('a case the caller just made is out of its scope'); // an invariant
    return WageCaseType.from(found);
  }

  @Query(() => ClueType, {
    nullable: true,
    description: 'a clue in the caller’s scope (as cases are scoped), or null',
  })
  async clue(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ClueType | null> {
    const svc = serviceContext(ctx);
    const found = await findClue(svc, id);
    return found ? ClueType.from(await clueView(svc, found.id)) : null;
  }

  @Query(() => ClueConnection, {
    description:
      'clues in the caller’s scope (as cases are scoped), newest first; per source and per agency by filter',
  })
  async clues(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ClueFilter, { nullable: true }) filter?: ClueFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<ClueType>> {
    const page = await listClues(serviceContext(ctx), filter, first, after, connectionWant(info));
    return toConnection(page, ClueType.from);
  }

  @Mutation(() => ClueRulesType, {
    description:
      'city HRSS: the working days (1–60) to close a clue received from effectiveFrom (default today); clues already received keep theirs',
  })
  async setClueRules(
    @Arg('closeWithinWorkingDays', () => Int) days: number,
    @Ctx() ctx: GraphQLContext,
    @Arg('effectiveFrom', () => DateScalar, { nullable: true }) effectiveFrom?: string | null,
  ): Promise<ClueRulesType> {
    return ClueRulesType.from(await inTransaction(ctx, (svc) => setClueRules(svc, days, effectiveFrom)));
  }

  @Query(() => [ClueRulesType], {
    description: 'every version of the clue rule, oldest first (none: the default, 10)',
  })
  async clueRules(@Ctx() ctx: GraphQLContext): Promise<ClueRulesType[]> {
    return (await listClueRules(serviceContext(ctx))).map(ClueRulesType.from);
  }

  @FieldResolver(() => ProjectType, { nullable: true, description: 'null when outside your scope' })
  async project(@Root() clue: ClueType, @Ctx() ctx: GraphQLContext): Promise<ProjectType | null> {
    if (!clue.projectId) return null;
    const project = await loaders(ctx).project.load(clue.projectId);
    return project ? ProjectType.from(project) : null;
  }

  @FieldResolver(() => WageCaseType, {
    nullable: true,
    name: 'case',
    description: 'the case made from the clue',
  })
  async wageCase(@Root() clue: ClueType, @Ctx() ctx: GraphQLContext): Promise<WageCaseType | null> {
    if (!clue.caseId) return null;
    const found = await loaders(ctx).wageCase.load(clue.caseId);
    return found ? WageCaseType.from(found) : null;
  }

  private async view(ctx: GraphQLContext, id: string): Promise<ClueType> {
    return ClueType.from(await clueView(serviceContext(ctx), id));
  }
}
