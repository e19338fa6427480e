import { readFileSync } from 'node:fs';
import path from 'node:path';
import { accountNo } from './intake-data';

/**
 * A large camt.054 built from a real sample's structure: OCA's `test-camt054.xml`
 * (camt.054.001.04, test/fixtures/iso20022/). Its header, `<Ntfctn>` and `<Ntry>` blocks are
 * taken from the file and only their values are replaced (CNY amounts, Chinese account numbers and
 * names, unique references), so every entry has the sample's elements: references, bank
 * transaction codes, a one-transaction batch, related parties and agents, structured remittance.
 * The whitespace between tags is dropped (machine-written statements rarely indent); the sample's
 * own layout would double the size without changing what is parsed.
 */
const SAMPLE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'iso20022', 'test-camt054.xml');

const NAMES = ['王建国', '李春生', '张立军', '刘海涛', '陈玉兰', '杨志强', '赵德福', '黄秀英'];
const PAYER = '本溪市城市建设投资发展有限公司';

interface Template {
  head: string;
  notification: string;
  entry: string;
  tail: string;
}

/** The sample cut into its parts, with each value the builder fills marked `{{…}}`. */
function template(): Template {
  const xml = readFileSync(SAMPLE, 'utf8').replace(/>\s+</g, '><');
  const cut = (re: RegExp): [string, string, string] => {
    const m = re.exec(xml);
    if (!m) throw new Error(`camt054 sample: ${re} not found; the fixture changed`);
    return [xml.slice(0, m.index), m[0], xml.slice(m.index + m[0].length)];
  };
  const [head] = cut(/<Ntfctn>/);
  const [, ntfctn] = cut(/<Ntfctn>[\s\S]*?(?=<Ntry>)/);
  const [, entry, tail] = cut(/<Ntry>[\s\S]*<\/Ntry>/);
  const mark = (text: string, pairs: [string | RegExp, string][]): string =>
    pairs.reduce((t, [from, to]) => {
      if (!(typeof from === 'string' ? t.includes(from) : from.test(t))) {
        throw new Error(`camt054 sample: ${String(from)} not found; the fixture changed`);
      }
      return typeof from === 'string' ? t.split(from).join(to) : t.replace(from, to);
    }, text);
  return {
    head: mark(head, [['20220126375204763458853', '{{MSG}}']]),
    notification: mark(ntfctn, [
      ['<Id>20220120000000000000000</Id>', '<Id>{{NTF}}</Id>'],
      ['<IBAN>NL77ABNA0574908765</IBAN>', '<Othr><Id>{{ACCT}}</Id></Othr>'],
      ['Example company', '{{OWNER}}'],
    ]),
    entry: mark(entry, [
      ['NL0000000000000000000', '{{REF}}'],
      [/Ccy="EUR"/g, 'Ccy="CNY"'],
      ['>5.00<', '>{{AMT}}<'],
      ['>CRDT<', '>{{CD}}<'],
      ['2022-01-26T20:00:00', '{{DAY}}T20:00:00'],
      ['2022-01-26', '{{DAY}}'],
      ['98888208N8', '{{SVCR}}'],
      ['15180015077602405', '{{TXSVCR}}'],
      ['ENDTOENDID-01', '{{E2E}}'],
      ['Test Customer', '{{NAME}}'],
      ['<IBAN>NL46ABNA0499998748</IBAN>', '<Othr><Id>{{CPACCT}}</Id></Othr>'],
      ['Additional entry info', '{{MEMO}}'],
      // a debit names the creditor; the builder swaps the party roles per entry
      ['<Dbtr>', '<{{P}}>'],
      ['</Dbtr>', '</{{P}}>'],
      ['<DbtrAcct>', '<{{P}}Acct>'],
      ['</DbtrAcct>', '</{{P}}Acct>'],
      ['<DbtrAgt>', '<{{P}}Agt>'],
      ['</DbtrAgt>', '</{{P}}Agt>'],
    ]),
    tail: tail.replace(/^<\/Ntfctn>/, ''),
  };
}

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k]);

export interface Camt054Load {
  entries: number;
  accounts: number;
}

/**
 * `entries` entries over `accounts` notifications (one per account, the intake bench's account
 * numbers), mostly payroll DEBITs with a labour-cost CREDIT every 25th entry, booked in October
 * 2026. `run` makes the references new, so each run's events are all new.
 */
export function buildCamt054(run: string, load: Camt054Load): Buffer {
  const t = template();
  const parts: string[] = [fill(t.head, { MSG: `BENCH-${run}` })];
  const perAccount = Math.ceil(load.entries / load.accounts);
  for (let a = 0, n = 0; a < load.accounts && n < load.entries; a++) {
    parts.push(
      fill(t.notification, {
        NTF: `${run}-NTF-${a}`,
        ACCT: accountNo(a),
        OWNER: `本溪市压测项目${a}工资专户`,
      }),
    );
    for (let k = 0; k < perAccount && n < load.entries; k++, n++) {
      const credit = n % 25 === 0;
      const id = `${run}${String(n).padStart(7, '0')}`;
      parts.push(
        fill(t.entry, {
          REF: `NR${id}`,
          AMT: credit ? '380000.00' : `${6000 + (n % 3000)}.${String(n % 100).padStart(2, '0')}`,
          CD: credit ? 'CRDT' : 'DBIT',
          DAY: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}`,
          SVCR: `SV${id}`,
          TXSVCR: `TX${id}`,
          E2E: `E2E-${id}`,
          NAME: credit ? PAYER : NAMES[n % NAMES.length],
          CPACCT: `6217${String(n).padStart(15, '0')}`,
          MEMO: credit ? '2026年10月人工费用拨付' : '2026年10月工资',
          P: credit ? 'Dbtr' : 'Cdtr',
        }),
      );
    }
    parts.push('</Ntfctn>');
  }
  parts.push(t.tail);
  return Buffer.from(parts.join(''), 'utf8');
}
