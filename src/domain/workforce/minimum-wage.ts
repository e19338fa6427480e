/**
 * PAY_BELOW_MINIMUM_WAGE (R6, R7): a worker who worked a full month is paid at least the local
 * monthly minimum wage (最低工资规定 art. 12; the rights board shows it, Benxi opinions item 7).
 * A month is "full" when the worker's valid attendance days, or the days on his payroll line, reach
 * the month's working days on the calendar — either source, because a payroll counts days the
 * gates may have missed (a broken reader) and attendance counts days a payroll may round down.
 * Net pay (实发) is compared, as the worker receives it; amounts are integer fen.
 */

export interface MinimumWageVersion {
  districtCode: string;
  effectiveFrom: string;
  monthlyFen: bigint;
}

/** Full attendance: valid days ≥ working days, or days on the line ≥ working days (see the file comment). */
export function isFullMonth(validDays: number, lineDays: number, workingDays: number): boolean {
  if (workingDays <= 0) return false;
  return validDays >= workingDays || lineDays >= workingDays;
}

/**
 * The version in force for a work month: the latest effective on or before the month's first day
 * (a month is paid under one standard; a raise takes effect from the next whole month), the
 * district's own or else the city's (CITY_DISTRICT), as the rights board shows it.
 */
export function minimumWageFor(
  versions: readonly MinimumWageVersion[],
  districtCode: string,
  monthFirstDay: string,
  fallbackDistrict?: string,
): MinimumWageVersion | null {
  const pick = (district: string) => {
    let best: MinimumWageVersion | null = null;
    for (const v of versions)
      if (
        v.districtCode === district &&
        v.effectiveFrom <= monthFirstDay &&
        (!best || v.effectiveFrom > best.effectiveFrom)
      )
        best = v;
    return best;
  };
  return pick(districtCode) ?? (fallbackDistrict ? pick(fallbackDistrict) : null);
}

/** How far net pay falls short of the minimum (0n when it does not). */
export function shortOfMinimum(netFen: bigint, minimumFen: bigint): bigint {
  return netFen < minimumFen ? minimumFen - netFen : 0n;
}
