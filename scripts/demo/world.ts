import { createHash } from 'node:crypto';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import { BENXI_DISTRICTS } from '../../src/domain/districts';

/**
 * A believable, entirely fictitious Benxi: the firms, banks and projects the demo registers.
 * Everything here is fixed data or derived from a name by hashing, so that a second run produces
 * the same codes and finds what the first one registered.
 */

export type Industry = 'HOUSING' | 'TRANSPORT' | 'WATER' | 'BENGANG' | 'OTHER';
/** how reliably the owner transfers the labour cost: drives on-time, late and missed credits */
export type Profile = 'steady' | 'slow' | 'troubled';

export interface Firm {
  key: string;
  name: string;
  area: string;
  uscc: string;
}
export interface DemoBank {
  code: string;
  name: string;
  accountPrefix: string;
  accountDigits: number;
}
export interface DemoProject {
  name: string;
  district: string;
  industry: Industry;
  owner: Firm;
  contractor: Firm;
  priceWan: number;
  workers: number;
  bank: DemoBank;
  dueDay: number;
  startMonth: number;
  profile: Profile;
}

export const DISTRICTS: Readonly<Record<string, string>> = BENXI_DISTRICTS;

/** A USCC for a firm registered in `area`: 9 (工商) 1 (企业), area code, an org code with its GB 11714 check, GB 32100 check. */
export function usccFor(name: string, area: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const hash = createHash('sha256').update(name).digest();
  const orgBody = 'MA' + Array.from(hash.subarray(0, 6), (b) => alphabet[b % alphabet.length]).join('');
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...orgBody].reduce((s, c, i) => s + parseInt(c, 36) * weights[i], 0);
  const c9 = 11 - (sum % 11);
  const orgCode = orgBody + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
  const body17 = `91${area}${orgCode}`;
  return body17 + usccCheckCharacter(body17);
}

const firm = (key: string, name: string, area: string): Firm => ({
  key,
  name,
  area,
  uscc: usccFor(name, area),
});

// Owners (建设单位): the city's and counties' investment platforms and state-owned groups.
const O = {
  ct: firm('ct', '本溪市城市建设投资发展有限公司', '210500'),
  gz: firm('gz', '本溪市国有资本投资运营集团有限公司', '210500'),
  jt: firm('jt', '本溪市交通建设投资集团有限公司', '210500'),
  sw: firm('sw', '本溪市水务投资集团有限公司', '210500'),
  bg: firm('bg', '本钢板材股份有限公司', '210502'),
  bxx: firm('bxx', '本溪满族自治县城乡建设投资有限公司', '210521'),
  hr: firm('hr', '桓仁满族自治县国有资产经营有限公司', '210522'),
  gx: firm('gx', '本溪高新技术产业开发区建设投资有限公司', '210504'),
};
// General contractors (施工总承包单位): 建工, 路桥 and 水利 firms.
const C = {
  bxjg: firm('bxjg', '本溪市建工集团有限公司', '210502'),
  hyjg: firm('hyjg', '辽宁恒业建工集团有限公司', '210503'),
  nfjg: firm('nfjg', '本溪南芬建工有限公司', '210505'),
  gcjg: firm('gcjg', '本溪钢城建工集团有限公司', '210503'),
  bxlq: firm('bxlq', '本溪市路桥建设集团有限公司', '210502'),
  tzlq: firm('tzlq', '辽宁太子河路桥工程有限公司', '210504'),
  bxsl: firm('bxsl', '本溪市水利建筑工程有限公司', '210502'),
  hjsl: firm('hjsl', '桓仁浑江水利水电工程有限公司', '210522'),
};
export const FIRMS: Firm[] = [...Object.values(O), ...Object.values(C)];

export const BANKS: DemoBank[] = [
  { code: 'ICBC_BX', name: '中国工商银行股份有限公司本溪分行', accountPrefix: '0706', accountDigits: 19 },
  { code: 'CCB_BX', name: '中国建设银行股份有限公司本溪分行', accountPrefix: '2105016', accountDigits: 20 },
  { code: 'BOC_BX', name: '中国银行股份有限公司本溪分行', accountPrefix: '3047', accountDigits: 12 },
  { code: 'BX_BANK', name: '本溪银行股份有限公司', accountPrefix: '8101', accountDigits: 18 },
];
const [ICBC, CCB, BOC, BXB] = BANKS;

// prettier-ignore
type Row = [name: string, district: string, industry: Industry, owner: Firm, contractor: Firm,
  priceWan: number, workers: number, bank: DemoBank, dueDay: number, startMonth: number, profile?: Profile];

// priceWan: contract price in 万元; workers: the crew paid through the account each month;
// startMonth: which month of the demo window the agreement starts in (0 = the first).
// prettier-ignore
const ROWS: Row[] = [
  ['平山区北地棚户区改造安置房一期', '210502', 'HOUSING', O.ct, C.bxjg, 18600, 64, ICBC, 15, 0],
  ['平山区东明老旧小区综合整治工程', '210502', 'HOUSING', O.ct, C.hyjg, 4200, 28, CCB, 20, 0],
  ['溪湖区彩屯老旧小区改造工程', '210503', 'HOUSING', O.ct, C.hyjg, 5600, 33, BXB, 15, 0, 'slow'],
  ['明山区高峪保障性租赁住房项目', '210504', 'HOUSING', O.gz, C.bxjg, 23800, 72, ICBC, 10, 0],
  ['南芬区铁山安置住宅楼工程', '210505', 'HOUSING', O.gz, C.nfjg, 6900, 30, BOC, 25, 1, 'troubled'],
  ['本溪县小市镇安置小区二期', '210521', 'HOUSING', O.bxx, C.bxjg, 9800, 41, CCB, 15, 0],
  ['桓仁县城区老旧小区供热管网及住宅改造', '210522', 'HOUSING', O.hr, C.hyjg, 7300, 36, BXB, 20, 1],
  ['本溪至桓仁高速公路连接线改扩建工程', '210522', 'TRANSPORT', O.jt, C.bxlq, 56000, 80, ICBC, 10, 0],
  ['平山区滨河北路道路改造工程', '210502', 'TRANSPORT', O.jt, C.tzlq, 8600, 38, CCB, 15, 0],
  ['溪湖区太子河大桥维修加固工程', '210503', 'TRANSPORT', O.jt, C.bxlq, 3900, 22, BOC, 20, 0],
  ['明山区明山路拓宽改造工程', '210504', 'TRANSPORT', O.ct, C.tzlq, 12400, 45, ICBC, 25, 0, 'slow'],
  ['南芬区国道G304线南芬段大修工程', '210505', 'TRANSPORT', O.jt, C.bxlq, 15800, 52, CCB, 10, 1],
  ['本溪县草河口至连山关农村公路提级改造', '210521', 'TRANSPORT', O.bxx, C.tzlq, 6200, 34, BXB, 15, 0, 'troubled'],
  ['桓仁县五女山景区旅游公路工程', '210522', 'TRANSPORT', O.hr, C.bxlq, 9400, 40, BOC, 20, 2],
  ['太子河本溪城区段防洪综合治理工程', '210502', 'WATER', O.sw, C.bxsl, 31500, 70, ICBC, 15, 0],
  ['观音阁水库下游灌区续建配套工程', '210521', 'WATER', O.sw, C.bxsl, 14200, 48, CCB, 20, 0],
  ['桓仁县浑江堤防加固工程', '210522', 'WATER', O.hr, C.hjsl, 8800, 39, BXB, 10, 0],
  ['溪湖区污水处理厂提标改造工程', '210503', 'WATER', O.sw, C.hjsl, 6700, 26, BOC, 25, 1, 'slow'],
  ['南芬区细河流域水环境治理工程', '210505', 'WATER', O.sw, C.bxsl, 5200, 29, ICBC, 15, 2],
  ['明山区城市供水管网改造工程', '210504', 'WATER', O.sw, C.hjsl, 4800, 27, CCB, 20, 0],
  ['本钢板材炼铁总厂五号高炉大修工程', '210503', 'BENGANG', O.bg, C.gcjg, 42000, 78, ICBC, 10, 0],
  ['本钢板材冷轧厂三号线改造工程', '210502', 'BENGANG', O.bg, C.gcjg, 27500, 60, BOC, 15, 0],
  ['本钢南芬露天铁矿排岩场扩建工程', '210505', 'BENGANG', O.bg, C.nfjg, 11300, 44, CCB, 20, 1, 'slow'],
  ['本钢歪头山铁矿选矿厂技术改造工程', '210503', 'BENGANG', O.bg, C.gcjg, 8900, 37, BXB, 25, 0],
  ['本钢特钢电炉废钢预热系统改造', '210502', 'BENGANG', O.bg, C.hyjg, 6400, 25, ICBC, 15, 2],
  ['本溪市中心医院门诊综合楼工程', '210502', 'OTHER', O.gz, C.bxjg, 21600, 58, BOC, 10, 0],
  ['本溪高新区生物医药产业园标准厂房', '210504', 'OTHER', O.gx, C.hyjg, 13700, 46, CCB, 15, 0, 'troubled'],
  ['本溪市第十二中学教学楼改扩建工程', '210503', 'OTHER', O.gz, C.nfjg, 4600, 24, BXB, 20, 1],
  ['本溪县博物馆新馆建设工程', '210521', 'OTHER', O.bxx, C.bxjg, 7800, 31, ICBC, 25, 0, 'slow'],
  ['桓仁县冰酒产业园仓储物流中心', '210522', 'OTHER', O.hr, C.hyjg, 5900, 27, BOC, 10, 1],
];

export const PROJECTS: DemoProject[] = ROWS.map(
  ([name, district, industry, owner, contractor, priceWan, workers, bank, dueDay, startMonth, profile]) => ({
    name,
    district,
    industry,
    owner,
    contractor,
    priceWan,
    workers,
    bank,
    dueDay,
    startMonth,
    profile: profile ?? 'steady',
  }),
);

/**
 * Special accounts whose agreements are still being signed: the banks already push their events,
 * which the hub keeps as unmatched until the agreement is registered. The demo never registers them.
 */
export const PENDING_ACCOUNTS: {
  project: string;
  owner: Firm;
  contractor: Firm;
  bank: DemoBank;
  workers: number;
}[] = [
  { project: '明山区高峪安置小区三期', owner: O.gz, contractor: C.bxjg, bank: BXB, workers: 6 },
  { project: '平山区北台街道雨污分流改造', owner: O.sw, contractor: C.bxsl, bank: CCB, workers: 5 },
];

/** A stable account number of the bank's format, from the project's name. */
export function accountNoFor(bank: DemoBank, projectName: string): string {
  const digits = BigInt('0x' + createHash('sha256').update(`${bank.code}:${projectName}`).digest('hex'))
    .toString()
    .slice(0, 30);
  return (bank.accountPrefix + digits).slice(0, bank.accountDigits);
}
