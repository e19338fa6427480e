import { usccCheckCharacter } from '../../src/domain/identifiers';
import type { BenchHub } from './bench-hub';

/**
 * The credit feed bench's data: one real wage case through the contract's mutations (so the rows
 * satisfy every foreign key), then `changes / 2` removed entries of that case, each with its LISTED
 * and REMOVED change, inserted set-based. The entry snapshots have the shape the hub publishes.
 */
export async function seedFeed(b: Pick<BenchHub, 'token' | 'gql' | 'sql'>, changes: number): Promise<void> {
  const admin = b.token({ org: 'HRSS', district: '210500' });
  const body = '91210502MA0FEED01';
  const uscc = body + usccCheckCharacter(body);
  await b.gql(admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
    i: { uscc, name: '本溪某劳务有限公司' },
  });
  const filed = await b.gql<{ fileWageClaim: { id: string } }>(
    admin,
    `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
    {
      i: {
        source: 'HOTLINE',
        districtCode: '210502',
        employerUscc: uscc,
        workers: 1,
        amount: '12000.00',
        receivedOn: '2026-02-02',
      },
    },
  );
  const caseId = filed.fileWageClaim.id;
  const [{ id: enterpriseId }] = (
    await b.sql.query<{ id: string }>(`select id from enterprise where uscc = $1`, [uscc])
  ).rows;
  const entries = Math.ceil(changes / 2);
  await b.sql.query('begin');
  await b.sql.query(
    `insert into blacklist_entry (id, case_id, subject_kind, enterprise_id, name, uscc, ground, district_code,
       decided_on, listed_until, basis, status, removed_on, removal_reason, removal_note, decided_by, removed_by)
     select gen_random_uuid(), $1, 'ENTERPRISE', $2, '本溪某劳务有限公司' || g, lpad(g::text, 18, '9'),
            'AMOUNT_THRESHOLD', '210502', date '2026-04-01', date '2029-04-01', 'bench', 'REMOVED',
            date '2026-04-02', 'CORRECTION', 'bench', 'bench', 'bench'
       from generate_series(1, $3::int) g`,
    [caseId, enterpriseId, entries],
  );
  await b.sql.query(
    `insert into blacklist_change (kind, entry_id, entry, at)
     select k.kind, e.id, jsonb_build_object('id', e.id, 'caseId', e.case_id, 'subjectKind', e.subject_kind,
              'name', e.name, 'uscc', e.uscc, 'maskedIdNumber', null, 'legalRepresentativeOf', null,
              'ground', e.ground, 'districtCode', e.district_code, 'decidedOn', e.decided_on,
              'listedUntil', e.listed_until, 'status', k.status,
              'removedOn', case when k.kind = 'REMOVED' then e.removed_on end,
              'removalReason', case when k.kind = 'REMOVED' then e.removal_reason end),
            clock_timestamp()
       from blacklist_entry e
      cross join (values ('LISTED', 'LISTED', 1), ('REMOVED', 'REMOVED', 2)) k(kind, status, o)
      order by e.name, k.o
      limit $1`,
    [changes],
  );
  await b.sql.query('commit');
  await b.sql.query('analyze blacklist_change');
}
