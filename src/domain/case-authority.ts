/**
 * Who may make each move on a wage case: the one authority table. The state machine
 * (case-states.ts) takes its "who" column from here, and every service that acts on a case (the
 * case moves, the listing decision, the blacklist's upkeep) asks `mayAct` / `isHrssOf` here rather
 * than deciding for itself. Pure: the caller and the case's place are plain data.
 *
 * The rules (RULES.md; Regulation arts. 10, 50; Order 45 arts. 5–6):
 * - ASSIGNED_AGENCY — the agency the case was routed to (its org and district exactly, e.g.
 *   HOUSING of 210502) works its own case: every agency move ("谁主管谁负责").
 * - DISTRICT_HRSS — the HRSS of the case's district. Labour inspection (劳动保障监察) is its duty
 *   for every employer in its district (属地管理), whichever agency the case was routed to: it may
 *   verify, order payment, file (立案), transfer to the police and list. It does not record the
 *   payments or close a case routed to another agency: that agency keeps the file.
 * - CITY_HRSS — HRSS of 210500: what a district HRSS may, city-wide, and every agency move (it
 *   routes the city's clues and supervises every case).
 * - POLICE — the police of the case's district or of the city: they copy their result back (M4).
 * - FILER — HRSS or an industry authority whose scope covers the claim: only RECEIVE.
 *
 * Listing is HRSS's alone (Order 45: the HRSS department that ordered payment decides), so LIST is
 * for the district and city HRSS, and the routed agency lists only when it is that HRSS. Only an
 * order to pay issued by HRSS (district or city) starts the 20-working-day listing clock and
 * allows a listing (`startsListingClock`).
 */
import type { CaseAction } from './case-states';
import { CITY_DISTRICT } from './districts';

export type CaseActor = 'ASSIGNED_AGENCY' | 'CITY_HRSS' | 'DISTRICT_HRSS' | 'POLICE' | 'FILER';
export const CASE_ACTORS: readonly CaseActor[] = [
  'ASSIGNED_AGENCY',
  'CITY_HRSS',
  'DISTRICT_HRSS',
  'POLICE',
  'FILER',
];

/** Who is asking, as far as authority goes: the token's org and district. */
export interface ActingOrg {
  org: string;
  district: string;
}

/** Where a case sits: the agency it is routed to (org of `districtCode`). */
export interface CasePlace {
  routedOrg: string;
  districtCode: string;
}

const HRSS_WORK: readonly CaseActor[] = ['ASSIGNED_AGENCY', 'DISTRICT_HRSS', 'CITY_HRSS'];
const AGENCY_ONLY: readonly CaseActor[] = ['ASSIGNED_AGENCY', 'CITY_HRSS'];

/** The table: for each move, who may make it. */
export const CASE_AUTHORITY: Readonly<Record<CaseAction, readonly CaseActor[]>> = {
  RECEIVE: ['FILER'],
  VERIFY: HRSS_WORK,
  ORDER_PAYMENT: HRSS_WORK,
  RECORD_PAYMENT: AGENCY_ONLY,
  PAY_IN_FULL: AGENCY_ONLY, // the same as RECORD_PAYMENT: one mutation makes either
  FILE: HRSS_WORK,
  TRANSFER_TO_POLICE: HRSS_WORK,
  RECORD_POLICE_RESULT: ['POLICE'],
  LIST: ['DISTRICT_HRSS', 'CITY_HRSS'],
  GUIDE_TO_COURT: AGENCY_ONLY,
  CLOSE: AGENCY_ONLY,
  // 一事一议 (R20): the case's agency or HRSS (district, city) puts an employer that cannot pay to
  // the district government
  ESCALATE_TO_GOVERNMENT: HRSS_WORK,
};

export const isCityHrssOrg = (caller: ActingOrg): boolean =>
  caller.org === 'HRSS' && caller.district === CITY_DISTRICT;

/** City HRSS, or the HRSS of `districtCode`: who lists, and who keeps a district's entries. */
export const isHrssOf = (caller: ActingOrg, districtCode: string): boolean =>
  isCityHrssOrg(caller) || (caller.org === 'HRSS' && caller.district === districtCode);

/** What the caller is to this case (RECEIVE's FILER is the filing service's own check). */
export function caseActors(caller: ActingOrg, place: CasePlace): CaseActor[] {
  const actors: CaseActor[] = [];
  if (caller.org === place.routedOrg && caller.district === place.districtCode)
    actors.push('ASSIGNED_AGENCY');
  if (isCityHrssOrg(caller)) actors.push('CITY_HRSS');
  if (caller.org === 'HRSS' && caller.district === place.districtCode) actors.push('DISTRICT_HRSS');
  if (
    caller.org === 'POLICE' &&
    (caller.district === CITY_DISTRICT || caller.district === place.districtCode)
  ) {
    actors.push('POLICE');
  }
  return actors;
}

/** Whether `actors` include one that may make `action`. */
export const actorsMayAct = (action: CaseAction, actors: readonly CaseActor[]): boolean =>
  CASE_AUTHORITY[action].some((w) => actors.includes(w));

/** Whether the caller may make `action` on the case at `place`. */
export const mayAct = (caller: ActingOrg, place: CasePlace, action: CaseAction): boolean =>
  actorsMayAct(action, caseActors(caller, place));

/** Order 45: the listing clock runs from an order to pay issued by HRSS (district or city) only. */
export const startsListingClock = (issuer: { org: string | null }): boolean => issuer.org === 'HRSS';

const WORDS: Record<CaseActor, string> = {
  ASSIGNED_AGENCY: 'the agency the case is routed to',
  CITY_HRSS: 'city-level HRSS',
  DISTRICT_HRSS: 'the HRSS of its district',
  POLICE: 'the police of its district or the city',
  FILER: 'HRSS or the industry authority whose scope covers it',
};

/** The words for who may make a move, for a FORBIDDEN message (it names no district). */
export const describeActors = (who: readonly CaseActor[]): string => who.map((w) => WORDS[w]).join(' or ');
