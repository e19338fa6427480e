import { createHash } from 'node:crypto';
import {
  DAY,
  HOUR,
  MINUTE,
  between,
  instantOf,
  isoDate,
  isoDateTime,
  local,
  monthLabel,
  rng,
  type Local,
  type Month,
} from './calendar';
import { PENDING_ACCOUNTS, accountNoFor, type DemoProject, type Firm, type Profile } from './world';

/** One event in the contract's AccountEventInput shape (amount in yuan as a string). */
export interface DemoEvent {
  bankEventId: string;
  accountNo: string;
  type: 'CREDIT' | 'DEBIT' | 'ACCOUNT_OPENED' | 'FREEZE_ATTEMPT' | 'PAYMENT_FAILED';
  amount?: string;
  bookedAt: string;
  counterpartyName?: string;
  counterpartyAccount?: string;
  memo?: string;
}

/** The terms the demo registers for a project and its tripartite agreement. */
export interface Terms {
  contractPrice: string;
  contractSignedOn: string;
  permitIssuedOn: string | null;
  accountNo: string;
  laborCostPerCycle: string;
  startsOn: string;
  /** the start as a Local, for the event generator */
  start: Local;
  laborCostFen: number;
}

export const yuan = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function termsFor(p: DemoProject, window: Month[]): Terms {
  const r = rng(`terms:${p.name}`);
  const { y, m } = window[p.startMonth];
  const start = local(y, m, 1);
  const signed = start - between(r, 18, 26) * DAY; // the account must be opened within 30 days of signing
  // Labour cost per cycle covers the crew's payroll (about 7,200 yuan a head) with a margin, in whole 万元.
  const laborCostFen = Math.ceil((p.workers * 8000) / 10000) * 10000 * 100;
  return {
    contractPrice: `${p.priceWan * 10000}.00`,
    contractSignedOn: isoDate(signed),
    // Works inside Bengang's own plant need no construction permit in this story; everything else has one.
    permitIssuedOn: p.industry === 'BENGANG' ? null : isoDate(signed + between(r, 7, 20) * DAY),
    accountNo: accountNoFor(p.bank, p.name),
    laborCostPerCycle: yuan(laborCostFen),
    startsOn: isoDate(start),
    start,
    laborCostFen,
  };
}

// Chance of an on-time, late or missed labour-cost transfer in a month, by the owner's habits.
type Habit = { late: number; missed: number };
const HABITS: Record<Profile, Habit> = {
  steady: { late: 0.07, missed: 0 },
  slow: { late: 0.45, missed: 0.1 },
  troubled: { late: 0.3, missed: 0.4 },
};

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN =
  '伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林国建文海春东志红玉兰英秀凤丽德福贵成';

interface Worker {
  name: string;
  card: string;
  wageFen: number;
}

function crew(p: { name: string; workers: number }): Worker[] {
  const r = rng(`crew:${p.name}`);
  return Array.from({ length: p.workers }, (_, i) => {
    const pick = (s: string) => s[Math.floor(r() * s.length)];
    const name = pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '');
    const foreman = i % 12 === 0; // 班组长 earn more
    return {
      name,
      card: digits(`card:${p.name}:${i}`, '6217', 19),
      wageFen: between(r, foreman ? 900 : 580, foreman ? 1150 : 920) * 1000,
    };
  });
}

function digits(key: string, prefix: string, length: number): string {
  return (prefix + BigInt('0x' + createHash('sha256').update(key).digest('hex')).toString()).slice(0, length);
}

const ownerAccount = (owner: Firm) => digits(`basic:${owner.uscc}`, '0706', 19);

/** Builds one account's story month by month; `now` keeps everything in the past. */
class AccountStory {
  readonly events: DemoEvent[] = [];
  private balanceFen = 0;
  private arrearsFen = 0;

  constructor(
    private readonly accountNo: string,
    private readonly nowLocal: Local,
  ) {}

  add(
    t: Local,
    ref: string,
    e: Omit<DemoEvent, 'bookedAt' | 'accountNo' | 'bankEventId'>,
    amountFen?: number,
  ): boolean {
    if (instantOf(t) > instantOf(this.nowLocal)) return false; // not booked yet: the bank cannot know it
    // A bank's own flow number: booking date, the account's last six digits, what it was.
    const bankEventId = `${isoDate(t).replaceAll('-', '')}-${this.accountNo.slice(-6)}-${ref}`;
    this.events.push({
      bankEventId,
      accountNo: this.accountNo,
      bookedAt: isoDateTime(t),
      ...e,
      ...(amountFen ? { amount: yuan(amountFen) } : {}),
    });
    if (amountFen && e.type === 'CREDIT') this.balanceFen += amountFen;
    if (amountFen && e.type === 'DEBIT') this.balanceFen -= amountFen;
    return true;
  }

  /** One cycle: the owner's transfer (on time, late or missed), then the payroll if the money is there. */
  cycle(
    month: Month,
    dueDay: number,
    laborFen: number,
    owner: Firm,
    workers: Worker[],
    habit: Habit,
    key: string,
    stopped = false,
  ) {
    const r = rng(`${key}:${month.y}-${month.m}`);
    const paidAt = this.transfer(r, month, local(month.y, month.m, dueDay), laborFen, owner, habit, stopped);
    this.payroll(r, month, paidAt + between(r, 1, 3) * DAY, workers);
  }

  /** The owner's labour-cost CREDIT; returns when it was booked (the due date when it was missed). */
  private transfer(
    r: () => number,
    month: Month,
    due: Local,
    laborFen: number,
    owner: Firm,
    habit: Habit,
    stopped: boolean,
  ): Local {
    const roll = r();
    if (stopped || roll < habit.missed) {
      this.arrearsFen += laborFen;
      return due;
    }
    const days = roll < habit.missed + habit.late ? between(r, 3, 18) : -between(r, 0, 6);
    const at = due + days * DAY + between(r, 9, 16) * HOUR + between(r, 0, 59) * MINUTE;
    // An owner behind on earlier cycles catches up half the time.
    const catchUp = this.arrearsFen > 0 && r() < 0.5 ? this.arrearsFen : 0;
    this.arrearsFen -= catchUp;
    const memo = `${monthLabel(month)}人工费用拨付${catchUp ? '（含以前月份补拨）' : ''}`;
    const from = { counterpartyName: owner.name, counterpartyAccount: ownerAccount(owner) };
    this.add(at, `LC${tag(month)}`, { type: 'CREDIT', ...from, memo }, laborFen + catchUp);
    return at;
  }

  /** One DEBIT per worker to the worker's own card; none at all when the account cannot cover it. */
  private payroll(r: () => number, month: Month, payday: Local, workers: Worker[]): void {
    const wages = workers.map((w) => Math.round((w.wageFen * between(r, 92, 108)) / 100 / 1000) * 1000);
    if (this.balanceFen < wages.reduce((a, b) => a + b, 0)) return; // wages go unpaid this month
    const memo = `${monthLabel(month)}工资`;
    workers.forEach((w, i) => {
      const at = payday + i * MINUTE;
      const ref = `${tag(month)}${String(i + 1).padStart(3, '0')}`;
      const to = { counterpartyName: w.name, counterpartyAccount: w.card };
      if (!this.add(at, `PY${ref}`, { type: 'DEBIT', ...to, memo }, wages[i])) return;
      if (r() < 0.004) {
        // The worker's card was closed: the transfer comes back, and is paid again to a new card.
        const failed = '收款账户状态异常，代发退回';
        this.add(at + DAY, `PF${ref}`, { type: 'PAYMENT_FAILED', ...to, memo: failed }, wages[i]);
        const newCard = digits(`new:${w.card}`, '6217', 19);
        const again = { counterpartyName: w.name, counterpartyAccount: newCard, memo: `${memo}（补发）` };
        this.add(at + 3 * DAY, `RP${ref}`, { type: 'DEBIT', ...again }, wages[i]);
      }
    });
  }
}

const tag = (month: Month) => `${month.y}${String(month.m).padStart(2, '0')}`;

export interface ProjectRun {
  project: DemoProject;
  terms: Terms;
}

/** Every event the banks have booked up to `now`, grouped by bank, oldest first. */
export function bankEvents(runs: ProjectRun[], window: Month[], nowLocal: Local): Map<string, DemoEvent[]> {
  const byBank = new Map<string, DemoEvent[]>();
  const put = (bank: string, events: DemoEvent[]) =>
    byBank.set(bank, [...(byBank.get(bank) ?? []), ...events]);
  for (const { project: p, terms } of runs) {
    const story = new AccountStory(terms.accountNo, nowLocal);
    const workers = crew(p);
    story.add(terms.start - 3 * DAY + 10 * HOUR, 'OPEN', {
      type: 'ACCOUNT_OPENED',
      memo: `${p.name}农民工工资专用账户开立`,
    });
    window.slice(p.startMonth).forEach((month, i) => {
      // A troubled owner has stopped paying: its last two cycles are missed, so alerts stay open.
      const stopped = p.profile === 'troubled' && p.startMonth + i >= window.length - 2;
      story.cycle(month, p.dueDay, terms.laborCostFen, p.owner, workers, HABITS[p.profile], p.name, stopped);
      if (p.profile === 'troubled' && i === 3) {
        // A creditor's court asks the bank to freeze the account; Regulation art. 33 forbids it.
        story.add(local(month.y, month.m, 27, 11, 5), 'FRZ', {
          type: 'FREEZE_ATTEMPT',
          memo: '外地法院协助冻结申请，依《保障农民工工资支付条例》第三十三条不予冻结',
        });
      }
    });
    put(p.bank.code, story.events);
  }
  // Accounts whose agreements are not registered yet: the hub keeps these events as unmatched.
  const recent = window.slice(-2);
  for (const pending of PENDING_ACCOUNTS) {
    const story = new AccountStory(accountNoFor(pending.bank, pending.project), nowLocal);
    story.add(local(recent[0].y, recent[0].m, 3, 9, 30), 'OPEN', {
      type: 'ACCOUNT_OPENED',
      memo: `${pending.project}农民工工资专用账户开立`,
    });
    story.cycle(
      recent[0],
      12,
      pending.workers * 9000 * 100,
      pending.owner,
      crew({ name: pending.project, workers: pending.workers }),
      HABITS.steady,
      pending.project,
    );
    put(pending.bank.code, story.events);
  }
  for (const events of byBank.values()) events.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt));
  return byBank;
}
