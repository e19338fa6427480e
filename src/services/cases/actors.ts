import type { Caller } from '../../auth/caller';
import { isCityHrss } from '../../auth/scope';
import type { CaseActor } from '../../domain/case-states';
import { CITY_DISTRICT } from '../../domain/districts';

/** Where a case sits: the agency it is routed to (org of `districtCode`). */
export interface CasePlace {
  routedOrg: string;
  districtCode: string;
}

/** What the caller is to this case, for the state table's "who may" column. */
export function caseActors(caller: Caller, place: CasePlace): CaseActor[] {
  const actors: CaseActor[] = [];
  if (caller.org === place.routedOrg && caller.district === place.districtCode)
    actors.push('ASSIGNED_AGENCY');
  if (isCityHrss(caller)) actors.push('CITY_HRSS');
  if (caller.org === 'HRSS' && caller.district === place.districtCode) actors.push('DISTRICT_HRSS');
  if (
    caller.org === 'POLICE' &&
    (caller.district === CITY_DISTRICT || caller.district === place.districtCode)
  ) {
    actors.push('POLICE');
  }
  return actors;
}

/** The assigned agency and city HRSS see the workers' names in full; everyone else masked. */
export const seesWorkerNames = (caller: Caller, place: CasePlace): boolean =>
  caseActors(caller, place).some((a) => a === 'ASSIGNED_AGENCY' || a === 'CITY_HRSS');

/** The recipient key (and the routedTo value) of a case's agency, e.g. `HOUSING:210502`. */
export const routedTo = (place: CasePlace): string => `${place.routedOrg}:${place.districtCode}`;
