import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  getCalendarYear,
  isWorkingDay,
  listCalendarYears,
  setCalendarYear,
} from '../../src/services/calendar';
import { calendarStatus } from '../../src/services/calendar-status';
import { todayInShanghai } from '../../src/clock';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { DateScalar } from '../scalars';
import { CalendarStatusType, CalendarYearType } from '../types/calendar';

/** The calendar is public information: any authenticated caller reads it; city HRSS loads it. */
@Resolver(() => CalendarYearType)
export class CalendarResolver {
  @Mutation(() => CalendarYearType, {
    description:
      'city HRSS only: loads a year of the working-day calendar, or replaces it as a whole; ' +
      '`workdays` are the weekend days made working days (调休)',
  })
  async setCalendarYear(
    @Arg('year', () => Int) year: number,
    @Arg('holidays', () => [DateScalar]) holidays: string[],
    @Arg('workdays', () => [DateScalar]) workdays: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<CalendarYearType> {
    const stored = await inTransaction(ctx, (svc) => setCalendarYear(svc, { year, holidays, workdays }));
    return CalendarYearType.from(stored);
  }

  @Query(() => CalendarYearType, { nullable: true, description: 'null when the year is not loaded' })
  async calendarYear(
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CalendarYearType | null> {
    const stored = await getCalendarYear(serviceContext(ctx).em, year);
    return stored && CalendarYearType.from(stored);
  }

  @Query(() => [CalendarYearType], { description: 'every loaded year, in order' })
  async calendarYears(@Ctx() ctx: GraphQLContext): Promise<CalendarYearType[]> {
    return (await listCalendarYears(serviceContext(ctx).em)).map(CalendarYearType.from);
  }

  @Query(() => CalendarStatusType, {
    description:
      'which years are loaded, whether next year is, and whether the missing-year warning is active today',
  })
  async calendarStatus(@Ctx() ctx: GraphQLContext): Promise<CalendarStatusType> {
    return CalendarStatusType.from(await calendarStatus(serviceContext(ctx).em, todayInShanghai()));
  }

  @Query(() => Boolean, {
    description:
      'BAD_USER_INPUT naming the year when that year of the calendar is not loaded (deadlines in such a ' +
      'year are counted provisionally and flagged, see CalendarStatus)',
  })
  isWorkingDay(@Arg('date', () => DateScalar) date: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return isWorkingDay(serviceContext(ctx).em, date);
  }
}
