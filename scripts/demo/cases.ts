import { GqlFailure, type HubClient } from './hub-client';
import { registerFirms, type Tally } from './register';
import { yuan } from './events';
import { usccFor, type Firm } from './world';

/**
 * Wage cases through their whole life, so that the agencies' and the credit platform's queries
 * have something to show: a case listed and later removed early (paid, six months, a written
 * commitment), one listed and still on the list, one with an order to pay running, and a penalty.
 * Dates are counted back from today in Shanghai; a re-run finds each case by its employer and
 * leaves it as it is.
 */

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A fictitious resident ID number (GB 11643) with its check character. */
function residentId(body17: string): string {
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body17 + '10X98765432'[sum % 11];
}

type CaseFirm = Firm & { legalRepresentative: { name: string; idNumber: string } };
const caseFirm = (key: string, name: string, area: string, rep: string, rid17: string): CaseFirm => ({
  key,
  name,
  area,
  uscc: usccFor(name, area),
  legalRepresentative: { name: rep, idNumber: residentId(rid17) },
});

// Labour subcontractors (劳务分包) who left their crews unpaid: all fictitious.
export const CASE_FIRMS = {
  removed: caseFirm('xd', '本溪鑫达建筑劳务有限公司', '210503', '孙立新', '21050319760312041'),
  listed: caseFirm('ht', '本溪恒通劳务服务有限公司', '210502', '高振江', '21050219811107023'),
  ordered: caseFirm('jl', '辽宁金路建筑劳务分包有限公司', '210504', '马春雷', '21050419790625015'),
};

const WORKERS = [
  ['周德民', '21052219820214031'],
  ['吴成福', '21052119750930052'],
  ['郑海波', '21050519880412013'],
  ['冯玉兰', '21050319860721044'],
].map(([name, rid]) => ({ name, idNumber: residentId(rid) }));

export interface CaseTally {
  cases: Tally;
  penalties: Tally;
}

type Day = string; // YYYY-MM-DD, Asia/Shanghai
const addDays = (d: Day, n: number): Day =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The fixed-date holidays the hub also assumes for a year it has no calendar for. */
const FIXED_HOLIDAYS = ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'];

export class CaseStories {
  private readonly workingDays = new Map<Day, boolean>();

  constructor(
    private readonly hub: HubClient,
    private readonly admin: string,
    private readonly today: Day,
  ) {}

  private day = (n: number): Day => addDays(this.today, n);

  /** The first working day on or after `d`, by the hub's calendar (Mon–Fri less fixed holidays where it has none). */
  private async workingDayFrom(d: Day): Promise<Day> {
    for (let day = d; ; day = addDays(day, 1)) {
      let working = this.workingDays.get(day);
      if (working === undefined) {
        try {
          working = (await this.hub.run<{ isWorkingDay: boolean }>(this.admin, 'IsWorkingDay', { date: day }))
            .isWorkingDay;
        } catch (err) {
          if (!(err instanceof GqlFailure && err.code === 'BAD_USER_INPUT')) throw err;
          const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
          working = weekday !== 0 && weekday !== 6 && !FIXED_HOLIDAYS.includes(day.slice(5));
        }
        this.workingDays.set(day, working);
      }
      if (working) return day;
    }
  }

  async fill(project: { id: string; name: string }): Promise<CaseTally> {
    await registerFirms(this.hub, this.admin, Object.values(CASE_FIRMS));
    const known = await this.knownEmployers();
    const cases: Tally = { created: 0, existing: 0 };
    const story = async (firm: CaseFirm, tell: () => Promise<void>) => {
      if (known.has(firm.uscc)) cases.existing += 1;
      else {
        await tell();
        cases.created += 1;
      }
    };
    await story(CASE_FIRMS.removed, () => this.listedThenRemoved());
    await story(CASE_FIRMS.listed, () => this.listed());
    await story(CASE_FIRMS.ordered, () => this.ordered(project.id));
    return { cases, penalties: await this.penalty(project.id) };
  }

  private async knownEmployers(): Promise<Set<string>> {
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page: {
        cases: {
          edges: { node: { employer: { uscc: string } } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await this.hub.run(this.admin, 'CaseDirectory', { after });
      for (const e of page.cases.edges) seen.add(e.node.employer.uscc);
      if (!page.cases.pageInfo.hasNextPage) return seen;
      after = page.cases.pageInfo.endCursor;
    }
  }

  /** A claim, verified, and an HRSS order to pay by `deadline`; returns the case id and the arrears. */
  private async orderedCase(o: {
    firm: CaseFirm;
    districtCode?: string;
    projectId?: string;
    receivedOn: Day;
    owed: number[];
    deadline: Day;
  }): Promise<{ caseId: string; totalFen: number; deadline: Day }> {
    const totalFen = o.owed.reduce((a, b) => a + b, 0);
    const { fileWageClaim } = await this.hub.run<{ fileWageClaim: { id: string } }>(
      this.admin,
      'FileWageClaim',
      {
        input: {
          source: 'HOTLINE',
          employerUscc: o.firm.uscc,
          workers: o.owed.length,
          amount: yuan(totalFen),
          receivedOn: o.receivedOn,
          ...(o.projectId ? { projectId: o.projectId } : { districtCode: o.districtCode }),
        },
      },
    );
    const caseId = fileWageClaim.id;
    await this.hub.run(this.admin, 'VerifyWageClaim', {
      caseId,
      input: {
        debtorUscc: o.firm.uscc,
        verifiedOn: addDays(o.receivedOn, 6),
        lines: o.owed.map((fen, i) => ({
          workerName: WORKERS[i].name,
          workerIdNumber: WORKERS[i].idNumber,
          monthsOwed: 4,
          amount: yuan(fen),
        })),
      },
    });
    const deadline = await this.workingDayFrom(o.deadline);
    await this.hub.run(this.admin, 'OrderPayment', { caseId, issuedOn: addDays(o.receivedOn, 14), deadline });
    return { caseId, totalFen, deadline };
  }

  private async decide(caseId: string, decidedOn: Day, note: string): Promise<string> {
    const { decideListing } = await this.hub.run<{ decideListing: { id: string } }>(
      this.admin,
      'DecideListing',
      {
        caseId,
        decidedOn,
        ground: 'AMOUNT_THRESHOLD',
        note,
      },
    );
    return decideListing.id;
  }

  /** Listed about nine months ago, paid in full soon after, commitment filed: removed early today. */
  private async listedThenRemoved(): Promise<void> {
    const c = await this.orderedCase({
      firm: CASE_FIRMS.removed,
      districtCode: '210503',
      receivedOn: this.day(-320),
      owed: [1_580_000, 1_420_000, 1_260_000],
      deadline: this.day(-292),
    });
    const entryId = await this.decide(c.caseId, addDays(c.deadline, 10), '拒不支付三名农民工四个月工资');
    const paidOn = addDays(c.deadline, 20);
    await this.hub.run(this.admin, 'RecordWagePayment', {
      caseId: c.caseId,
      paidOn,
      amount: yuan(c.totalFen),
    });
    await this.hub.run(this.admin, 'RecordCreditCommitment', { entryId, receivedOn: addDays(paidOn, 5) });
    await this.hub.run(this.admin, 'RemoveFromBlacklist', {
      entryId,
      on: this.today,
      reason: 'EARLY_REMOVAL',
    });
  }

  /** Ordered four months ago, still unpaid: listed with its legal representative. */
  private async listed(): Promise<void> {
    const c = await this.orderedCase({
      firm: CASE_FIRMS.listed,
      districtCode: '210502',
      receivedOn: this.day(-140),
      owed: [2_150_000, 1_860_000, 1_740_000, 1_320_000],
      deadline: this.day(-112),
    });
    await this.decide(c.caseId, addDays(c.deadline, 12), '拒不支付四名农民工四个月工资');
  }

  /** A claim on one of the projects, ordered ten days ago with a deadline still to come. */
  private async ordered(projectId: string): Promise<void> {
    await this.orderedCase({
      firm: CASE_FIRMS.ordered,
      projectId,
      receivedOn: this.day(-24),
      owed: [960_000, 1_120_000],
      deadline: this.day(12),
    });
  }

  /** P1 (art. 54) on the subcontractor of the ordered case: no payroll ledger, not corrected in time. */
  private async penalty(projectId: string): Promise<Tally> {
    const partyUscc = CASE_FIRMS.ordered.uscc;
    const { penalties } = await this.hub.run<{ penalties: { totalCount: number } }>(
      this.admin,
      'PenaltiesOfParty',
      {
        partyUscc,
      },
    );
    if (penalties.totalCount > 0) return { created: 0, existing: 1 };
    await this.hub.run(this.admin, 'ImposePenalty', {
      input: {
        code: 'P1',
        partyUscc,
        projectId,
        fine: '30000.00',
        correctionOrderedOn: this.day(-30),
        correctionDeadline: await this.workingDayFrom(this.day(-16)),
        decidedOn: this.day(-3),
        consequence: 'NONE',
      },
    });
    return { created: 1, existing: 0 };
  }
}
