import type { Pool } from 'pg';

/**
 * The raw-SQL baseline's answers: for each query of agency-queries.ts, hand-written SQL through
 * `pg` giving the very JSON the hub answers (the bench checks they are equal before timing). It
 * reads what the hub reads (the page, its count, each nested field batched with `= any($1)`) and
 * leaves out what only the hub does: GraphQL, tokens, scopes beyond the one WHERE, limits, audit,
 * metrics, logs. Dates are read as text so that `pg` does not turn them into local midnights.
 */
export interface RawScope {
  district: string;
  uscc?: string;
}
type Handler = (pool: Pool, scope: RawScope) => Promise<unknown>;

const money = (fen: string): string => {
  const neg = fen.startsWith('-');
  const digits = (neg ? fen.slice(1) : fen).padStart(3, '0');
  return `${neg ? '-' : ''}${BigInt(digits.slice(0, -2))}.${digits.slice(-2)}`;
};
const cursor = (key: (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
const todayInShanghai = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface ProjectRow {
  id: string;
  name: string;
  district_code: string;
  industry: string;
  price: string;
  created_at: Date;
  uscc: string;
  contractor_name: string;
}

const PROJECT_PAGE = `select p.id, p.name, p.district_code, p.industry, p.contract_price_fen::text as price, p.created_at,
       c.uscc, c.name as contractor_name
  from project p join enterprise c on c.id = p.contractor_id`;

/** Each project's current agreement, as src/services/batched/agreements-batch.ts picks it. */
async function currentAgreements(pool: Pool, ids: string[]) {
  const { rows } = await pool.query<{
    project_id: string;
    id: string;
    bank_code: string;
    account_no: string;
    per: string;
    due_day: number;
    starts_on: string;
    ends_on: string | null;
  }>(
    `select distinct on (a.project_id) a.project_id, a.id, s.bank_code, s.account_no,
            a.labor_cost_per_cycle_fen::text as per, a.due_day, a.starts_on::text, a.ends_on::text
       from tripartite_agreement a join special_account s on s.id = a.account_id
      where a.project_id = any($1::uuid[]) and (a.ends_on is null or a.ends_on >= $2::date)
      order by a.project_id, (a.starts_on <= $2::date) desc,
               case when a.starts_on <= $2::date then a.starts_on end desc,
               case when a.starts_on > $2::date then a.starts_on end, a.created_at desc`,
    [ids, todayInShanghai()],
  );
  return new Map(rows.map((r) => [r.project_id, r]));
}

async function firstAlerts(pool: Pool, ids: string[], first: number) {
  const [picked, counts] = await Promise.all([
    pool.query<{
      project_id: string;
      id: string;
      kind: string;
      status: string;
      due_date: string;
      shortfall: string;
    }>(
      `select x.project_id, a.id, a.kind, a.status, a.due_date::text, a.shortfall_fen::text as shortfall
         from unnest($1::uuid[]) as x(project_id)
        cross join lateral (select * from alert a where a.project_id = x.project_id
                             order by a.due_date desc, a.id desc limit $2) a
        order by x.project_id, a.due_date desc, a.id desc`,
      [ids, first],
    ),
    pool.query<{ project_id: string; n: number }>(
      `select project_id, count(*)::int as n from alert where project_id = any($1::uuid[]) group by project_id`,
      [ids],
    ),
  ]);
  const byProject = new Map<
    string,
    { id: string; kind: string; status: string; dueDate: string; shortfall: string }[]
  >();
  for (const r of picked.rows) {
    const list = byProject.get(r.project_id) ?? [];
    list.push({
      id: r.id,
      kind: r.kind,
      status: r.status,
      dueDate: r.due_date,
      shortfall: money(r.shortfall),
    });
    byProject.set(r.project_id, list);
  }
  return { byProject, counts: new Map(counts.rows.map((r) => [r.project_id, r.n])) };
}

const pageInfo = <T>(rows: T[], limit: number, cursorOf: (row: T) => string) => ({
  hasNextPage: rows.length > limit,
  endCursor: rows.length ? cursorOf(rows[Math.min(rows.length, limit) - 1]) : null,
});
const projectCursor = (p: { created_at: Date; id: string }) => cursor([p.created_at.toISOString(), p.id]);

export const RAW_HANDLERS: Record<string, Handler> = {
  async ProjectsTotal(pool) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from project`);
    return { projects: { totalCount: rows[0].n } };
  },

  async CityProjects(pool) {
    const [page, count] = await Promise.all([
      pool.query<ProjectRow>(`${PROJECT_PAGE} order by p.created_at, p.id limit 51`),
      pool.query<{ n: number }>(`select count(*)::int as n from project`),
    ]);
    const nodes = page.rows.slice(0, 50);
    const ids = nodes.map((p) => p.id);
    const [agreements, alerts] = await Promise.all([currentAgreements(pool, ids), firstAlerts(pool, ids, 5)]);
    return {
      projects: {
        totalCount: count.rows[0].n,
        pageInfo: pageInfo(page.rows, 50, projectCursor),
        edges: nodes.map((p) => {
          const a = agreements.get(p.id);
          return {
            node: {
              id: p.id,
              name: p.name,
              districtCode: p.district_code,
              industry: p.industry,
              contractPrice: money(p.price),
              contractor: { uscc: p.uscc, name: p.contractor_name },
              agreement: a
                ? {
                    id: a.id,
                    bankCode: a.bank_code,
                    accountNo: a.account_no,
                    laborCostPerCycle: money(a.per),
                    dueDay: a.due_day,
                    startsOn: a.starts_on,
                    endsOn: a.ends_on,
                  }
                : null,
              alerts: {
                totalCount: alerts.counts.get(p.id) ?? 0,
                edges: (alerts.byProject.get(p.id) ?? []).map((node) => ({ node })),
              },
            },
          };
        }),
      },
    };
  },

  async DistrictAlerts(pool, scope) {
    const from = `from alert a join project p on p.id = a.project_id where p.district_code = $1`;
    const [page, count] = await Promise.all([
      pool.query<Record<string, string>>(
        `select a.id, a.kind, a.status, a.due_date::text, a.shortfall_fen::text as shortfall, a.opened_on::text,
                a.resolved_on::text, a.bank_notice_deadline::text, a.contractor_report_deadline::text,
                p.id as project_id, p.name as project_name
           ${from} order by a.due_date desc, a.id desc limit 51`,
        [scope.district],
      ),
      pool.query<{ n: number }>(`select count(*)::int as n ${from}`, [scope.district]),
    ]);
    const alertCursor = (a: Record<string, string>) => cursor([a.due_date, a.id]);
    return {
      alerts: {
        totalCount: count.rows[0].n,
        pageInfo: pageInfo(page.rows, 50, alertCursor),
        edges: page.rows.slice(0, 50).map((a) => ({
          cursor: alertCursor(a),
          node: {
            id: a.id,
            kind: a.kind,
            status: a.status,
            dueDate: a.due_date,
            shortfall: money(a.shortfall),
            openedOn: a.opened_on,
            resolvedOn: a.resolved_on,
            bankNoticeDeadline: a.bank_notice_deadline,
            contractorReportDeadline: a.contractor_report_deadline,
            project: { id: a.project_id, name: a.project_name },
          },
        })),
      },
    };
  },

  async ContractorProjects(pool, scope) {
    const uscc = (scope.uscc ?? '').toUpperCase();
    const [page, count] = await Promise.all([
      pool.query<ProjectRow>(`${PROJECT_PAGE} where c.uscc = $1 order by p.created_at, p.id limit 51`, [
        uscc,
      ]),
      pool.query<{ n: number }>(
        `select count(*)::int as n from project p join enterprise c on c.id = p.contractor_id where c.uscc = $1`,
        [uscc],
      ),
    ]);
    const nodes = page.rows.slice(0, 50);
    const agreements = await currentAgreements(
      pool,
      nodes.map((p) => p.id),
    );
    return {
      projects: {
        totalCount: count.rows[0].n,
        pageInfo: pageInfo(page.rows, 50, projectCursor),
        edges: nodes.map((p) => {
          const a = agreements.get(p.id);
          return {
            node: {
              id: p.id,
              name: p.name,
              districtCode: p.district_code,
              contractPrice: money(p.price),
              agreement: a
                ? { id: a.id, dueDay: a.due_day, laborCostPerCycle: money(a.per), startsOn: a.starts_on }
                : null,
            },
          };
        }),
      },
    };
  },

  async CreditFeed(pool) {
    const { rows } = await pool.query<{
      seq: string;
      kind: string;
      at: Date;
      entry: Record<string, unknown>;
    }>(
      // by the column, not its text alias (which would put 10 before 9)
      `select c.seq::text as seq, c.kind, c.at, c.entry from blacklist_change c where c.seq > 0 order by c.seq limit 501`,
    );
    const changes = rows.slice(0, 500);
    const seqCursor = (seq: string) => cursor([seq]);
    const e = (entry: Record<string, unknown>, key: string) => entry[key] ?? null;
    return {
      blacklistChanges: {
        pageInfo: {
          hasNextPage: rows.length > 500,
          endCursor: changes.length ? seqCursor(changes.at(-1)!.seq) : null,
        },
        edges: changes.map((c) => ({
          cursor: seqCursor(c.seq),
          node: {
            kind: c.kind,
            at: c.at.toISOString(),
            entry: Object.fromEntries(
              [
                'id',
                'subjectKind',
                'name',
                'uscc',
                'maskedIdNumber',
                'ground',
                'decidedOn',
                'listedUntil',
                'status',
                'removedOn',
                'removalReason',
                'districtCode',
                'caseId',
                'legalRepresentativeOf',
              ].map((k) => [k, e(c.entry, k)]),
            ),
          },
        })),
      },
    };
  },

  async CityCases(pool) {
    const [page, count] = await Promise.all([
      pool.query<Record<string, string | number | Date | null>>(
        `select w.id, w.status, w.source, w.district_code, w.routed_org, w.claimed_amount_fen::text as claimed,
                w.received_on::text, w.workers, w.created_at, e.uscc, e.name as employer_name,
                p.id as project_id, p.name as project_name
           from wage_case w join enterprise e on e.id = w.employer_id left join project p on p.id = w.project_id
          order by w.created_at desc, w.id desc limit 51`,
      ),
      pool.query<{ n: number }>(`select count(*)::int as n from wage_case`),
    ]);
    const nodes = page.rows.slice(0, 50);
    const history = await pool.query<{
      case_id: string;
      action: string;
      to_status: string;
      on_date: string;
      recorded_at: Date;
    }>(
      `select case_id, action, to_status, on_date::text, recorded_at from wage_case_transition
        where case_id = any($1::uuid[]) order by case_id, recorded_at, id`,
      [nodes.map((c) => c.id)],
    );
    const steps = new Map<string, unknown[]>();
    for (const t of history.rows) {
      const list = steps.get(t.case_id) ?? [];
      list.push({
        action: t.action,
        toStatus: t.to_status,
        on: t.on_date,
        recordedAt: t.recorded_at.toISOString(),
      });
      steps.set(t.case_id, list);
    }
    const caseCursor = (c: Record<string, unknown>) =>
      cursor([(c.created_at as Date).toISOString(), c.id as string]);
    return {
      cases: {
        totalCount: count.rows[0].n,
        pageInfo: pageInfo(page.rows, 50, caseCursor),
        edges: nodes.map((c) => ({
          node: {
            id: c.id,
            status: c.status,
            source: c.source,
            districtCode: c.district_code,
            routedTo: `${c.routed_org}:${c.district_code}`,
            claimedAmount: money(c.claimed as string),
            receivedOn: c.received_on,
            workers: c.workers,
            employer: { uscc: c.uscc, name: c.employer_name },
            project: c.project_id ? { id: c.project_id, name: c.project_name } : null,
            history: steps.get(c.id as string) ?? [],
          },
        })),
      },
    };
  },
};
