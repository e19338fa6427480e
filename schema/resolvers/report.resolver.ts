import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { generateReportFor, listReports } from '../../src/services/reports/archive';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { ReportConnection, ReportFilter, ReportType } from '../types/report';

@Resolver(() => ReportType)
export class ReportResolver {
  @Mutation(() => ReportType, {
    description:
      "HRSS: makes the month's report now for its district (city HRSS: any district, or 210500 for the city), optionally for one industry department, and archives it, replacing an earlier one of the same month and scope. A month not over is reported to date.",
  })
  async generateReport(
    @Arg('period', { description: "'YYYY-MM'" }) period: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('districtCode', () => String, { nullable: true, description: "default: the caller's district" })
    districtCode?: string | null,
    @Arg('department', () => String, { nullable: true, description: 'HOUSING, TRANSPORT, WATER or BENGANG' })
    department?: string | null,
  ): Promise<ReportType> {
    return ReportType.from(
      await inTransaction(ctx, (svc) => generateReportFor(svc, period, districtCode, department)),
    );
  }

  @Query(() => ReportConnection, {
    description:
      "the archived monthly reports the caller may read (its district's; an industry authority its own department's; city-level agencies all), the latest made first",
  })
  async reports(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => ReportFilter, { nullable: true }) filter?: ReportFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<ReportType>> {
    return toConnection(await listReports(serviceContext(ctx), filter, first, after), ReportType.from);
  }
}
