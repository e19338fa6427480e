import { Field, Int, ObjectType } from 'type-graphql';
import type { CalendarYearRecord } from '../../src/entities';
import { calendarYearOf } from '../../src/services/calendar';
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
