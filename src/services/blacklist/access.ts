import type { Caller } from '../../auth/caller';
import { isCityHrss } from '../../auth/scope';
import { isHrssOf } from '../../domain/case-authority';
import { forbidden } from '../../domain/errors';

export { isHrssOf } from '../../domain/case-authority';

/**
 * Who does what with the blacklist. Order 45 gives listing to the HRSS department that enforced
 * ("whoever enforces, decides", B1): the district HRSS for its district's cases, city HRSS for
 * any. The city publishes the one list (B3): the feed is the city's publication, so what a
 * district decides reaches it the moment it commits. Corrections are the publisher's.
 */
// "HRSS of a district or the city" is the authority table's (src/domain/case-authority.ts)
export function assertHrssOf(caller: Caller, districtCode: string, what: string): void {
  if (!isHrssOf(caller, districtCode)) {
    throw forbidden(`only city HRSS (210500) or the HRSS of the deciding district may ${what}`);
  }
}

/** The credit platform reads the blacklist and nothing else; city HRSS, which publishes it, too. */
export function assertFeedReader(caller: Caller): void {
  if (caller.org !== 'CREDIT_PLATFORM' && !isCityHrss(caller)) {
    throw forbidden('only the credit platform and city HRSS (210500) read the published blacklist');
  }
}

/** One entry: its readers, and HRSS of the district that decided it. */
export const mayReadEntry = (caller: Caller, districtCode: string): boolean =>
  caller.org === 'CREDIT_PLATFORM' || isHrssOf(caller, districtCode);
