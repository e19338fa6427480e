import {
  actorMayMove,
  canMove,
  CASE_ACTIONS,
  CASE_MOVES,
  CASE_STATUSES,
  factRefusal,
  findMove,
  moveTo,
  MOVES_BY_TARGET,
  type CaseAction,
  type CaseActor,
  type CaseFacts,
  type CaseStatus,
} from '../../src/domain/case-states';
import { caseActors } from '../../src/services/cases/actors';
import { routeClaim } from '../../src/services/cases/routing';
import type { Caller } from '../../src/auth/caller';

/**
 * The whole table, written out again by hand: every (action, from) pair that is allowed, with its
 * target state ('=' keeps the state). Every pair not listed must be refused.
 */
const EXPECTED: Record<CaseAction, Partial<Record<CaseStatus | 'NONE', CaseStatus | '='>>> = {
  RECEIVE: { NONE: 'RECEIVED' },
  VERIFY: { RECEIVED: 'VERIFIED', FILED: '=' },
  ORDER_PAYMENT: { VERIFIED: 'ORDERED', FILED: '=', ORDERED: '=' },
  RECORD_PAYMENT: { VERIFIED: '=', ORDERED: '=', FILED: '=', TRANSFERRED: '=', LISTED: '=' },
  PAY_IN_FULL: { VERIFIED: 'PAID', ORDERED: 'PAID', FILED: 'PAID', TRANSFERRED: '=', LISTED: '=' },
  FILE: { RECEIVED: 'FILED', VERIFIED: 'FILED', ORDERED: 'FILED' },
  TRANSFER_TO_POLICE: {
    RECEIVED: 'TRANSFERRED',
    VERIFIED: 'TRANSFERRED',
    ORDERED: 'TRANSFERRED',
    FILED: 'TRANSFERRED',
    LISTED: 'TRANSFERRED',
  },
  RECORD_POLICE_RESULT: { TRANSFERRED: '=' },
  LIST: { ORDERED: 'LISTED', FILED: 'LISTED', TRANSFERRED: 'LISTED' },
  GUIDE_TO_COURT: {
    RECEIVED: 'GUIDED_TO_COURT',
    VERIFIED: 'GUIDED_TO_COURT',
    ORDERED: 'GUIDED_TO_COURT',
    FILED: 'GUIDED_TO_COURT',
  },
  CLOSE: {
    RECEIVED: 'CLOSED',
    VERIFIED: 'CLOSED',
    ORDERED: 'CLOSED',
    FILED: 'CLOSED',
    TRANSFERRED: 'CLOSED',
    LISTED: 'CLOSED',
    GUIDED_TO_COURT: 'CLOSED',
  },
  ESCALATE_TO_GOVERNMENT: {
    RECEIVED: '=',
    VERIFIED: '=',
    ORDERED: '=',
    FILED: '=',
    TRANSFERRED: '=',
    LISTED: '=',
    GUIDED_TO_COURT: '=',
  },
};

const FROMS: (CaseStatus | null)[] = [null, ...CASE_STATUSES];
const cases: [CaseAction, CaseStatus | null, CaseStatus | '=' | undefined][] = CASE_ACTIONS.flatMap(
  (action) =>
    FROMS.map(
      (from) =>
        [action, from, EXPECTED[action][from ?? 'NONE']] as [
          CaseAction,
          CaseStatus | null,
          CaseStatus | '=' | undefined,
        ],
    ),
);

describe('case state table', () => {
  it.each(cases)('%s from %s → %s', (action, from, expected) => {
    const move = findMove(action, from);
    if (expected === undefined) {
      expect(move).toBeNull();
    } else {
      expect(move?.to).toBe(expected === '=' ? from : expected);
    }
  });

  it('lists exactly the expected moves', () => {
    const expectedCount = Object.values(EXPECTED).reduce((n, m) => n + Object.keys(m).length, 0);
    expect(CASE_MOVES).toHaveLength(expectedCount);
  });

  it('PAID and CLOSED are final: no move leaves them', () => {
    for (const s of ['PAID', 'CLOSED'] as const) {
      expect(CASE_MOVES.filter((m) => m.from === s)).toEqual([]);
    }
  });

  it('names at most one action for each change of state (recordCaseTransition moves by target)', () => {
    const seen = new Set<string>();
    for (const m of CASE_MOVES.filter((x) => x.from !== x.to && x.from !== null)) {
      const key = `${m.from}->${m.to}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('moveTo/canMove: LIST from ORDERED, FILED and TRANSFERRED only; never to the same state', () => {
    for (const s of CASE_STATUSES) {
      expect(canMove(s, 'LISTED')).toBe(['ORDERED', 'FILED', 'TRANSFERRED'].includes(s));
      expect(moveTo(s, s)).toBeNull();
    }
    expect(moveTo('ORDERED', 'LISTED')?.action).toBe('LIST');
    expect(canMove('PAID', 'LISTED')).toBe(false);
    expect(canMove('RECEIVED', 'ORDERED')).toBe(false); // an order needs verification first
  });

  it('every state can be reached from RECEIVED', () => {
    const reached = new Set<string>(['RECEIVED']);
    for (let grew = true; grew;) {
      grew = false;
      for (const m of CASE_MOVES) {
        if (m.from && reached.has(m.from) && !reached.has(m.to)) {
          reached.add(m.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...CASE_STATUSES].sort());
  });
});

describe('who may make each move', () => {
  const WHO: Record<CaseAction, CaseActor[]> = {
    RECEIVE: ['FILER'],
    // 属地管理: the district HRSS inspects every employer of its district, whoever the case went to
    VERIFY: ['ASSIGNED_AGENCY', 'CITY_HRSS', 'DISTRICT_HRSS'],
    ORDER_PAYMENT: ['ASSIGNED_AGENCY', 'CITY_HRSS', 'DISTRICT_HRSS'],
    RECORD_PAYMENT: ['ASSIGNED_AGENCY', 'CITY_HRSS'],
    PAY_IN_FULL: ['ASSIGNED_AGENCY', 'CITY_HRSS'],
    FILE: ['ASSIGNED_AGENCY', 'CITY_HRSS', 'DISTRICT_HRSS'],
    TRANSFER_TO_POLICE: ['ASSIGNED_AGENCY', 'CITY_HRSS', 'DISTRICT_HRSS'],
    RECORD_POLICE_RESULT: ['POLICE'],
    LIST: ['CITY_HRSS', 'DISTRICT_HRSS'], // Order 45: listing is HRSS's
    GUIDE_TO_COURT: ['ASSIGNED_AGENCY', 'CITY_HRSS'],
    CLOSE: ['ASSIGNED_AGENCY', 'CITY_HRSS'],
    ESCALATE_TO_GOVERNMENT: ['ASSIGNED_AGENCY', 'CITY_HRSS', 'DISTRICT_HRSS'], // 一事一议 (R20)
  };
  const ALL: CaseActor[] = ['ASSIGNED_AGENCY', 'CITY_HRSS', 'DISTRICT_HRSS', 'POLICE', 'FILER'];

  it.each(CASE_MOVES.map((m) => [m.action, m.from, m] as const))('%s from %s', (action, _from, move) => {
    for (const actor of ALL) expect(actorMayMove(move, [actor])).toBe(WHO[action].includes(actor));
    expect(actorMayMove(move, [])).toBe(false);
  });

  const place = { routedOrg: 'HOUSING', districtCode: '210502' };
  const caller = (org: string, district: string): Caller => ({
    sub: 'u',
    org: org as Caller['org'],
    district,
  });
  it.each([
    ['HOUSING', '210502', ['ASSIGNED_AGENCY']],
    ['HOUSING', '210500', []], // the city's housing authority is not the agency the case is routed to
    ['HOUSING', '210503', []],
    ['HRSS', '210502', ['DISTRICT_HRSS']], // labour inspection of its district; the housing authority keeps the file
    ['HRSS', '210500', ['CITY_HRSS']],
    ['POLICE', '210502', ['POLICE']],
    ['POLICE', '210500', ['POLICE']],
    ['POLICE', '210503', []],
    ['TRANSPORT', '210502', []],
    ['BANK', '210502', []],
    ['CONTRACTOR', '210502', []],
  ])('%s of %s is %j to a HOUSING:210502 case', (org, district, expected) => {
    expect(caseActors(caller(org, district), place)).toEqual(expected);
  });

  it('the HRSS of the district is both the assigned agency and the district HRSS of a case routed to it', () => {
    const hrssCase = { routedOrg: 'HRSS', districtCode: '210503' };
    expect(caseActors(caller('HRSS', '210503'), hrssCase)).toEqual(['ASSIGNED_AGENCY', 'DISTRICT_HRSS']);
    expect(caseActors(caller('HRSS', '210500'), hrssCase)).toEqual(['CITY_HRSS']);
    expect(caseActors(caller('HOUSING', '210503'), hrssCase)).toEqual([]);
  });
});

describe('the facts behind a move', () => {
  const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
    status: 'ORDERED',
    verifiedOn: '2026-09-01',
    orderDeadline: '2026-09-18',
    arrearsOutstandingFen: 100n,
    transferredOn: null,
    ...over,
  });

  it('VERIFY once', () => {
    expect(factRefusal('VERIFY', facts({ verifiedOn: null }), '2026-09-01')).toBeNull();
    expect(factRefusal('VERIFY', facts(), '2026-09-02')).toMatch(/already verified on 2026-09-01/);
  });

  it('ORDER_PAYMENT needs verification, arrears, and no earlier order', () => {
    expect(factRefusal('ORDER_PAYMENT', facts({ orderDeadline: null }), '2026-09-02')).toBeNull();
    expect(factRefusal('ORDER_PAYMENT', facts({ verifiedOn: null, orderDeadline: null }), 'x')).toMatch(
      /verify/,
    );
    expect(factRefusal('ORDER_PAYMENT', facts(), 'x')).toMatch(/already issued, with deadline 2026-09-18/);
    expect(
      factRefusal('ORDER_PAYMENT', facts({ orderDeadline: null, arrearsOutstandingFen: 0n }), 'x'),
    ).toMatch(/no arrears/);
  });

  it("ORDER_PAYMENT again only as HRSS's own order after another agency's (Order 45's listing clock)", () => {
    const housingOrder = facts({ orderIssuedByOrg: 'HOUSING' });
    expect(factRefusal('ORDER_PAYMENT', housingOrder, '2026-09-20', 'REFUSAL_TO_PAY', 'HRSS')).toBeNull();
    expect(factRefusal('ORDER_PAYMENT', housingOrder, '2026-09-20', 'REFUSAL_TO_PAY', 'HOUSING')).toMatch(
      /already issued/,
    );
    const hrssOrder = facts({ orderIssuedByOrg: 'HRSS' });
    expect(factRefusal('ORDER_PAYMENT', hrssOrder, '2026-09-20', 'REFUSAL_TO_PAY', 'HRSS')).toMatch(
      /already issued/,
    );
  });

  it('payments need verification and arrears outstanding', () => {
    for (const action of ['RECORD_PAYMENT', 'PAY_IN_FULL'] as const) {
      expect(factRefusal(action, facts(), '2026-09-10')).toBeNull();
      expect(factRefusal(action, facts({ verifiedOn: null }), 'x')).toMatch(/verify the claim first/);
      expect(factRefusal(action, facts({ arrearsOutstandingFen: 0n }), 'x')).toMatch(/no arrears/);
    }
  });

  it('REFUSAL_TO_PAY: only after the deadline has passed, unpaid', () => {
    expect(factRefusal('TRANSFER_TO_POLICE', facts(), '2026-09-18')).toMatch(
      /deadline 2026-09-18 has not passed on 2026-09-18/,
    );
    expect(factRefusal('TRANSFER_TO_POLICE', facts(), '2026-09-19')).toBeNull();
    expect(factRefusal('TRANSFER_TO_POLICE', facts({ arrearsOutstandingFen: 0n }), '2026-09-19')).toMatch(
      /paid/,
    );
    expect(factRefusal('TRANSFER_TO_POLICE', facts({ orderDeadline: null }), '2026-09-19')).toMatch(
      /order to pay/,
    );
    expect(factRefusal('TRANSFER_TO_POLICE', facts({ transferredOn: '2026-09-20' }), '2026-09-21')).toMatch(
      /already transferred/,
    );
  });

  it('ASSET_TRANSFER_OR_FLIGHT: after an order, before its deadline too; FABRICATED_CLAIM: at any stage', () => {
    expect(factRefusal('TRANSFER_TO_POLICE', facts(), '2026-09-10', 'ASSET_TRANSFER_OR_FLIGHT')).toBeNull();
    expect(
      factRefusal(
        'TRANSFER_TO_POLICE',
        facts({ orderDeadline: null }),
        '2026-09-10',
        'ASSET_TRANSFER_OR_FLIGHT',
      ),
    ).toMatch(/order to pay/);
    expect(
      factRefusal(
        'TRANSFER_TO_POLICE',
        facts({ orderDeadline: null, verifiedOn: null, arrearsOutstandingFen: 0n }),
        '2026-09-10',
        'FABRICATED_CLAIM',
      ),
    ).toBeNull();
  });

  it('FILE, LIST, GUIDE_TO_COURT, CLOSE and RECORD_POLICE_RESULT have no fact guard here', () => {
    for (const a of ['FILE', 'LIST', 'GUIDE_TO_COURT', 'CLOSE', 'RECORD_POLICE_RESULT', 'RECEIVE'] as const) {
      expect(
        factRefusal(a, facts({ verifiedOn: null, orderDeadline: null, arrearsOutstandingFen: 0n }), 'x'),
      ).toBeNull();
    }
  });
});

describe('routing (C1)', () => {
  it.each([
    ['HOUSING', 'HOUSING'],
    ['TRANSPORT', 'TRANSPORT'],
    ['WATER', 'WATER'],
    ['BENGANG', 'BENGANG'],
    ['OTHER', 'HRSS'],
  ])('a %s project in 210504 goes to %s of 210504', (industry, org) => {
    expect(routeClaim({ industry, districtCode: '210504' }, '210504')).toEqual({
      routedOrg: org,
      districtCode: '210504',
    });
  });

  it('a claim without a project goes to the HRSS of the district it names', () => {
    expect(routeClaim(null, '210521')).toEqual({ routedOrg: 'HRSS', districtCode: '210521' });
  });
});

describe('moves by target (recordCaseTransition)', () => {
  it('is only the listing decision: every other move has its own mutation and facts', () => {
    expect(MOVES_BY_TARGET).toEqual(['LIST']);
  });
});
