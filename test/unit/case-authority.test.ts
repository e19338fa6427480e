import { ORGS } from '../../src/auth/caller';
import {
  CASE_AUTHORITY,
  describeActors,
  isHrssOf,
  mayAct,
  startsListingClock,
} from '../../src/domain/case-authority';
import { CASE_ACTIONS, CASE_MOVES, type CaseAction } from '../../src/domain/case-states';

/**
 * The authority table against the rules as RULES.md and issue 8 state them, written out again
 * here: every org, in the case's district, in another district and at city level, for every move,
 * on a case routed to an industry authority and on one routed to the district HRSS.
 */
const CASE_DISTRICT = '210502';
const OTHER_DISTRICT = '210503';
const CITY = '210500';

function expected(org: string, district: string, routedOrg: string, action: CaseAction): boolean {
  const inDistrict = district === CASE_DISTRICT;
  const routedAgency = org === routedOrg && inDistrict;
  const districtHrss = org === 'HRSS' && inDistrict;
  const cityHrss = org === 'HRSS' && district === CITY;
  switch (action) {
    case 'RECEIVE':
      return false; // filing is checked by the filing service against the claim's scope
    case 'VERIFY':
    case 'ORDER_PAYMENT':
    case 'FILE':
    case 'TRANSFER_TO_POLICE':
    case 'ESCALATE_TO_GOVERNMENT': // 一事一议 (R20)
      return routedAgency || districtHrss || cityHrss;
    case 'LIST':
      return districtHrss || cityHrss;
    case 'RECORD_PAYMENT':
    case 'PAY_IN_FULL':
    case 'GUIDE_TO_COURT':
    case 'CLOSE':
      return routedAgency || cityHrss;
    case 'RECORD_POLICE_RESULT':
      return org === 'POLICE' && (inDistrict || district === CITY);
  }
}

describe('the case authority table', () => {
  const cells = ['HOUSING', 'HRSS'].flatMap((routedOrg) =>
    ORGS.flatMap((org) =>
      [CASE_DISTRICT, OTHER_DISTRICT, CITY].map((district) => [routedOrg, org, district] as const),
    ),
  );

  it.each(cells)('a case routed to %s:210502, caller %s of %s', (routedOrg, org, district) => {
    const place = { routedOrg, districtCode: CASE_DISTRICT };
    for (const action of CASE_ACTIONS) {
      expect([action, mayAct({ org, district }, place, action)]).toEqual([
        action,
        expected(org, district, routedOrg, action),
      ]);
    }
  });

  it('the district HRSS orders payment on a case of its district routed to HOUSING; HOUSING may not list', () => {
    const housingCase = { routedOrg: 'HOUSING', districtCode: CASE_DISTRICT };
    expect(mayAct({ org: 'HRSS', district: CASE_DISTRICT }, housingCase, 'ORDER_PAYMENT')).toBe(true);
    expect(mayAct({ org: 'HRSS', district: OTHER_DISTRICT }, housingCase, 'ORDER_PAYMENT')).toBe(false);
    expect(mayAct({ org: 'HOUSING', district: CASE_DISTRICT }, housingCase, 'ORDER_PAYMENT')).toBe(true);
    expect(mayAct({ org: 'HOUSING', district: CASE_DISTRICT }, housingCase, 'LIST')).toBe(false);
  });

  it('is the state machine’s "who" column: every move of an action reads the same row', () => {
    for (const move of CASE_MOVES) expect(move.who).toBe(CASE_AUTHORITY[move.action]);
  });

  it('only an HRSS order starts the listing clock', () => {
    expect(startsListingClock({ org: 'HRSS' })).toBe(true);
    for (const org of ORGS.filter((o) => o !== 'HRSS')) expect(startsListingClock({ org })).toBe(false);
    expect(startsListingClock({ org: null })).toBe(false);
  });

  it('isHrssOf: city HRSS or the district’s own', () => {
    expect(isHrssOf({ org: 'HRSS', district: CITY }, CASE_DISTRICT)).toBe(true);
    expect(isHrssOf({ org: 'HRSS', district: CASE_DISTRICT }, CASE_DISTRICT)).toBe(true);
    expect(isHrssOf({ org: 'HRSS', district: OTHER_DISTRICT }, CASE_DISTRICT)).toBe(false);
    expect(isHrssOf({ org: 'HOUSING', district: CITY }, CASE_DISTRICT)).toBe(false);
  });

  it('the words for who may act name no district', () => {
    for (const action of CASE_ACTIONS) expect(describeActors(CASE_AUTHORITY[action])).not.toMatch(/\d{6}/);
  });
});
