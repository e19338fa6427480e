import { sql } from '../../db/sql';
import { agreementColumns, agreementOf } from '../views/rows';
import type { AccountView, AgreementView } from '../views/views';
import type { ServiceContext } from '../context';

/**
 * Each project's current agreement as of `today` (Asia/Shanghai): the one in force that started
 * last (a supplementary agreement replaces the one before it); before any is in force, the next to
 * start. For many projects in one statement (views, not entities). A project has a handful
 * of agreements over its life (a supplementary one now and then), so all of them are read.
 */
export async function currentAgreements(
  ctx: Pick<ServiceContext, 'em'>,
  projectIds: readonly string[],
  today: string,
): Promise<(AgreementView | null)[]> {
  const rows = await sql(
    ctx.em,
    `select ${agreementColumns('a')} from tripartite_agreement a join special_account a_s on a_s.id = a.account_id
      where a.project_id = any(?::uuid[]) and (a.ends_on is null or a.ends_on >= ?)`,
    [[...new Set(projectIds)], today],
  );
  const byProject = new Map<string, AgreementView[]>();
  for (const a of rows.map(agreementOf))
    byProject.set(a.project.id, [...(byProject.get(a.project.id) ?? []), a]);
  return projectIds.map((id) => pickCurrent(byProject.get(id) ?? [], today));
}

const created = (a: AgreementView) => a.createdAt.getTime();

function pickCurrent(agreements: AgreementView[], today: string): AgreementView | null {
  const inForce = agreements
    .filter((a) => a.startsOn <= today)
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn) || created(b) - created(a));
  if (inForce.length) return inForce[0];
  const next = agreements.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || created(b) - created(a));
  return next[0] ?? null;
}

/**
 * All CREDITs booked to each account so far net of CREDIT_REVERSALs, in fen, including those sent
 * before it was registered: one grouped read over the credits index for many accounts.
 */
export async function creditedTotalsFen(
  ctx: Pick<ServiceContext, 'em'>,
  accounts: readonly Pick<AccountView, 'accountNo' | 'bank'>[],
): Promise<bigint[]> {
  const rows: { bank_code: string; account_no: string; total: string }[] = await sql(
    ctx.em,
    `select e.bank_code, e.account_no,
            sum(case when e.type = 'CREDIT' then e.amount_fen else -e.amount_fen end)::text as total
       from account_event e
       join unnest(?::text[], ?::text[]) as k(bank_code, account_no)
         on k.bank_code = e.bank_code and k.account_no = e.account_no
      where e.type in ('CREDIT', 'CREDIT_REVERSAL')
      group by e.bank_code, e.account_no`,
    [accounts.map((a) => a.bank.code), accounts.map((a) => a.accountNo)],
  );
  const byKey = new Map(rows.map((r) => [`${r.bank_code}\u0000${r.account_no}`, BigInt(r.total)]));
  return accounts.map((a) => byKey.get(`${a.bank.code}\u0000${a.accountNo}`) ?? 0n);
}
