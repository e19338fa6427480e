import { Field, Int, ObjectType } from 'type-graphql';
import type { CalendarYearRecord } from '../../src/entities';
import { calendarYearOf } from '../../src/services/calendar';
import type { CalendarStatus } from '../../src/services/calendar-status';
import { DateScalar } from '../scalars';

@ObjectType('CalendarYear', { description: 'One year of the working-day calendar' })
export class CalendarYearType {
  @Field(() => Int) year!: number;
  @Field(() => [DateScalar], { description: 'the announced days off, sorted' }) holidays!: string[];
  @Field(() => [DateScalar], { description: 'the weekend days made working days (调休), sorted' })
  workdays!: string[];

  static from(record: CalendarYearRecord): CalendarYearType {
    return Object.assign(new CalendarYearType(), calendarYearOf(record));
  }
}

@ObjectType('CalendarStatus', {
  description:
    'whether the working-day calendar the deadlines need is loaded, as of today (Asia/Shanghai): the ' +
    'current year always, next year from 1 November. A year not loaded is counted provisionally ' +
    '(Monday–Friday less 01-01, 05-01, 05-02, 10-01, 10-02, 10-03) and what used it is flagged deadlinesProvisional',
})
export class CalendarStatusType {
  @Field(() => DateScalar, { description: "the hub's today, Asia/Shanghai" }) today!: string;
  @Field(() => [Int], { description: 'every loaded year, ascending' }) yearsLoaded!: number[];
  @Field(() => Boolean) currentYearLoaded!: boolean;
  @Field(() => Int) nextYear!: number;
  @Field(() => Boolean) nextYearLoaded!: boolean;
  @Field(() => DateScalar, { description: "1 November of today's year: next year is needed from then" })
  nextYearNeededFrom!: string;
  @Field(() => [Int], { description: 'the needed years not loaded, ascending' }) missingYears!: number[];
  @Field(() => Boolean, {
    description: 'a needed year is not loaded: city HRSS gets a CALENDAR_YEAR_MISSING notice each day',
  })
  warningActive!: boolean;

  static from(status: CalendarStatus): CalendarStatusType {
    return Object.assign(new CalendarStatusType(), status);
  }
}
