import type { TestHub } from './test-hub';
import { CITY_HRSS, freshUscc, must } from './fixtures';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RID_CHECK = '10X98765432';
let idCounter = 0;

/** A valid resident ID number (GB 11643) from 平山区, born in 1980, a fresh one on each call. */
export function freshResidentId(): string {
  idCounter += 1;
  const body = `210502${19800101 + (idCounter % 28)}${String(100 + ((idCounter * 7 + Date.now()) % 900))}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body + RID_CHECK[sum % 11];
}

export interface CaseLine {
  monthsOwed: number;
  amount: string;
}

export const ENTRY_FIELDS = `id subjectKind name uscc maskedIdNumber ground decidedOn listedUntil status removedOn
  removalReason districtCode caseId legalRepresentativeOf`;

export interface ListableCase {
  caseId: string;
  employerUscc: string;
  legalRepIdNumber: string | null;
  orderDeadline: string;
  listingDecisionDeadline: string | null;
}

/**
 * A wage case through the contract's own mutations, as city HRSS: an employer (with a legal
 * representative unless `legalRep: false`), a claim in 平山区 with no project (routed to
 * HRSS:210502), verified with `lines`, and unless `order: false` an order to pay.
 */
export async function listableCase(
  t: TestHub,
  opts: {
    lines?: CaseLine[];
    legalRep?: boolean;
    order?: boolean;
    issuedOn?: string;
    deadline?: string;
    districtCode?: string;
  } = {},
): Promise<ListableCase> {
  const admin = t.token(CITY_HRSS);
  const lines = opts.lines ?? [{ monthsOwed: 4, amount: '12000.00' }];
  const employerUscc = freshUscc();
  const legalRepIdNumber = opts.legalRep === false ? null : freshResidentId();
  await must(
    t.gql(admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
      i: {
        uscc: employerUscc,
        name: `本溪某劳务有限公司${employerUscc.slice(-4)}`,
        ...(legalRepIdNumber ? { legalRepresentative: { name: '王建国', idNumber: legalRepIdNumber } } : {}),
      },
    }),
  );
  const total = lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
  const filed = await must(
    t.gql<{ fileWageClaim: { id: string } }>(
      admin,
      `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
      {
        i: {
          source: 'HOTLINE',
          districtCode: opts.districtCode ?? '210502',
          employerUscc,
          workers: lines.length,
          amount: (total / 100).toFixed(2),
          receivedOn: '2026-02-02',
        },
      },
    ),
  );
  const caseId = filed.fileWageClaim.id;
  await must(
    t.gql(
      admin,
      `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) { id } }`,
      {
        c: caseId,
        i: {
          debtorUscc: employerUscc,
          verifiedOn: '2026-02-10',
          lines: lines.map((l, n) => ({
            workerName: `工人${n + 1}`,
            workerIdNumber: freshResidentId(),
            monthsOwed: l.monthsOwed,
            amount: l.amount,
          })),
        },
      },
    ),
  );
  let orderDeadline = '';
  let listingDecisionDeadline: string | null = null;
  if (opts.order !== false) {
    const ordered = await must(
      t.gql<{ orderPayment: { orderDeadline: string; listingDecisionDeadline: string | null } }>(
        admin,
        `mutation($c: ID!, $i: Date!, $d: Date!) { orderPayment(caseId: $c, issuedOn: $i, deadline: $d) {
           orderDeadline listingDecisionDeadline } }`,
        { c: caseId, i: opts.issuedOn ?? '2026-03-02', d: opts.deadline ?? '2026-03-16' },
      ),
    );
    orderDeadline = ordered.orderPayment.orderDeadline;
    listingDecisionDeadline = ordered.orderPayment.listingDecisionDeadline;
  }
  return { caseId, employerUscc, legalRepIdNumber, orderDeadline, listingDecisionDeadline };
}

export const DECIDE = `mutation($c: ID!, $d: Date!, $g: ListingGround!, $n: String) {
  decideListing(caseId: $c, decidedOn: $d, ground: $g, note: $n) {
    ${ENTRY_FIELDS} legalRepresentative { ${ENTRY_FIELDS} } } }`;

export const REMOVE = `mutation($e: ID!, $on: Date!, $r: RemovalReason!, $n: String) {
  removeFromBlacklist(entryId: $e, on: $on, reason: $r, note: $n) { ${ENTRY_FIELDS} } }`;

export const CHANGES = `query($after: String, $first: Int) { blacklistChanges(after: $after, first: $first) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { kind at entry { ${ENTRY_FIELDS} } } } } }`;

export interface FeedChange {
  kind: string;
  at: string;
  entry: Record<string, string | null>;
}

/** The whole feed after `after`, page by page through GraphQL. */
export async function readFeed(
  t: TestHub,
  token: string,
  after: string | null = null,
  first = 100,
): Promise<{ changes: FeedChange[]; endCursor: string | null }> {
  const changes: FeedChange[] = [];
  let cursor = after;
  for (;;) {
    const page = await must(
      t.gql<{
        blacklistChanges: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: FeedChange }[];
        };
      }>(token, CHANGES, { after: cursor, first }),
    );
    changes.push(...page.blacklistChanges.edges.map((e) => e.node));
    cursor = page.blacklistChanges.pageInfo.endCursor ?? cursor;
    if (!page.blacklistChanges.pageInfo.hasNextPage) return { changes, endCursor: cursor };
  }
}
