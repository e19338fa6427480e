import type { Caller } from '../../auth/caller';
import { caseActors, type CasePlace } from '../../domain/case-authority';

export { caseActors, type CasePlace } from '../../domain/case-authority';

/** The assigned agency and city HRSS see the workers' names in full; everyone else masked. */
export const seesWorkerNames = (caller: Caller, place: CasePlace): boolean =>
  caseActors(caller, place).some((a) => a === 'ASSIGNED_AGENCY' || a === 'CITY_HRSS');

/** The recipient key (and the routedTo value) of a case's agency, e.g. `HOUSING:210502`. */
export const routedTo = (place: CasePlace): string => `${place.routedOrg}:${place.districtCode}`;
