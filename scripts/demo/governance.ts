import { GqlFailure, type HubClient } from './hub-client';

export interface DemoReport {
  id: string;
  period: string;
  xlsxPath: string;
  pdfPath: string | null;
}

/**
 * After the world is filled: the warning sweep grades it (R17; every grade shows: the frozen
 * special accounts and the listed employer owed over two months RED, the missed labour-cost
 * cycles ORANGE, the employer of the case under an order to pay YELLOW, a complaint being
 * handled), and city HRSS makes this month's report for the city,
 * to date (R21). Both re-run safely: the sweep changes nothing the second time, the report is
 * made again in place.
 */
export async function gradeAndReport(
  hub: HubClient,
  admin: string,
  today: string,
): Promise<{ sweep: string; report: DemoReport }> {
  let sweep: string;
  try {
    const { runWarningSweep: r } = await hub.run<{ runWarningSweep: Record<string, number> }>(
      admin,
      'RunWarningSweep',
      { asOf: today },
    );
    sweep = `as of ${today}: ${r.opened} warnings opened, ${r.closed} closed, ${r.escalated} escalated`;
  } catch (err) {
    if (!(err instanceof GqlFailure)) throw err;
    sweep = `as of ${today} failed: ${err.message}`;
  }
  const { generateReport: report } = await hub.run<{ generateReport: DemoReport }>(admin, 'GenerateReport', {
    period: today.slice(0, 7),
    districtCode: '210500',
  });
  return { sweep, report };
}
