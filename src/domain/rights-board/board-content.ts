/**
 * The rights-protection board's content (维权信息公示牌, R7; RULES.md, Benxi opinions §7), assembled
 * from the hub's own data: a pure function, read by GraphQL (`Project.rightsBoard`) and by the
 * printable page (src/http/boards) alike, so both always say the same thing.
 */
import { BENXI_DISTRICTS, CITY_DISTRICT } from '../districts';

export interface ChannelsRow {
  districtCode: string;
  labourInspectionPhone: string | null;
  industryAuthorityPhones: Record<string, string>;
  arbitration: string | null;
  legalAid: string | null;
  legalServiceHotline: string | null;
  complaintUrl: string | null;
}

export interface MinimumWageRow {
  districtCode: string;
  effectiveFrom: string;
  monthlyFen: bigint;
  hourlyFen: bigint | null;
}

export interface BoardRow {
  projectDepartment: string | null;
  projectDepartmentPhone: string | null;
  labourWageManagerName: string | null;
  labourWageManagerPhone: string | null;
  payDay: number | null;
  subcontractors: { name: string; uscc: string | null }[];
  postedOn: string | null;
  photoSha256: string | null;
  postedRecordedAt: Date | null;
}

export interface BoardInputs {
  project: {
    id: string;
    name: string;
    districtCode: string;
    industry: string;
    owner: { name: string; uscc: string };
    contractor: { name: string; uscc: string };
  };
  board: BoardRow | null;
  /**
   * the labour-wage manager the contractor appointed through the workforce
   * (setLabourWageManager): shown when the board's own record names none, so the board and the
   * real-name register cannot disagree by omission
   */
  appointedManager?: { name: string; phone: string } | null;
  /** the district's row and the city's (either may be missing) */
  channels: { district: ChannelsRow | null; city: ChannelsRow | null };
  /** the district's version in force, else the city's */
  minimumWage: MinimumWageRow | null;
  /** the current tripartite agreement's labour-cost day, when there is one */
  agreementDueDay: number | null;
  posting: { dueBy: string; dueByProvisional: boolean };
}

/** Who the "相关行业工程建设主管部门" is, by the project's industry (Benxi opinions §7's list). */
export const INDUSTRY_AUTHORITY_NAMES: Readonly<Record<string, string>> = Object.freeze({
  HOUSING: '住房和城乡建设主管部门',
  TRANSPORT: '交通运输主管部门',
  WATER: '水行政主管部门',
  BENGANG: '本钢集团公司',
  OTHER: '行业主管部门',
});

/** The board's items in the order the opinions list them, with their Chinese headings. */
export const BOARD_ITEMS = Object.freeze({
  owner: '建设单位',
  contractor: '施工总承包单位',
  projectDepartment: '项目部',
  subcontractors: '分包单位',
  labourWageManager: '劳资专管员',
  minimumWage: '当地最低工资标准',
  payDay: '工资支付日期',
  industryAuthority: '行业工程建设主管部门投诉举报电话',
  labourInspection: '劳动保障监察投诉举报电话',
  arbitration: '劳动争议调解仲裁申请渠道',
  legalAid: '法律援助申请渠道',
  legalServiceHotline: '公共法律服务热线',
});
export type BoardItem = keyof typeof BOARD_ITEMS;

export interface RightsBoardView {
  projectId: string;
  projectName: string;
  districtCode: string;
  districtName: string;
  owner: { name: string; uscc: string };
  contractor: { name: string; uscc: string };
  projectDepartment: { name: string; phone: string | null } | null;
  subcontractors: { name: string; uscc: string | null }[];
  labourWageManager: { name: string; phone: string | null } | null;
  minimumWage: MinimumWageRow | null;
  payDay: { day: number; source: 'RECORDED' | 'AGREEMENT' } | null;
  industryAuthority: { name: string; phone: string | null };
  labourInspectionPhone: string | null;
  arbitration: string | null;
  legalAid: string | null;
  legalServiceHotline: string | null;
  complaintUrl: string | null;
  /** what the QR code opens: the complaint page, else a call to labour inspection; null: neither set */
  qrTarget: string | null;
  posting: {
    dueBy: string;
    dueByProvisional: boolean;
    postedOn: string | null;
    photoSha256: string | null;
    recordedAt: Date | null;
  };
  /** the items not set yet, by their keys: the board prints 未设置 for each */
  missing: BoardItem[];
}

export function assembleBoard(i: BoardInputs): RightsBoardView {
  const b = i.board;
  const pick = <K extends keyof ChannelsRow>(key: K): ChannelsRow[K] | null =>
    i.channels.district?.[key] ?? i.channels.city?.[key] ?? null;
  const industryPhone =
    i.channels.district?.industryAuthorityPhones[i.project.industry] ??
    i.channels.city?.industryAuthorityPhones[i.project.industry] ??
    null;
  const labourInspectionPhone = pick('labourInspectionPhone');
  const complaintUrl = pick('complaintUrl');
  const payDay =
    b?.payDay != null
      ? { day: b.payDay, source: 'RECORDED' as const }
      : i.agreementDueDay != null
        ? { day: i.agreementDueDay, source: 'AGREEMENT' as const }
        : null;
  const view: RightsBoardView = {
    projectId: i.project.id,
    projectName: i.project.name,
    districtCode: i.project.districtCode,
    districtName:
      BENXI_DISTRICTS[i.project.districtCode] ?? (i.project.districtCode === CITY_DISTRICT ? '本溪市' : ''),
    owner: i.project.owner,
    contractor: i.project.contractor,
    projectDepartment: b?.projectDepartment
      ? { name: b.projectDepartment, phone: b.projectDepartmentPhone }
      : null,
    subcontractors: b?.subcontractors ?? [],
    labourWageManager: b?.labourWageManagerName
      ? { name: b.labourWageManagerName, phone: b.labourWageManagerPhone }
      : (i.appointedManager ?? null),
    minimumWage: i.minimumWage,
    payDay,
    industryAuthority: {
      name: INDUSTRY_AUTHORITY_NAMES[i.project.industry] ?? INDUSTRY_AUTHORITY_NAMES.OTHER,
      phone: industryPhone,
    },
    labourInspectionPhone,
    arbitration: pick('arbitration'),
    legalAid: pick('legalAid'),
    legalServiceHotline: pick('legalServiceHotline'),
    complaintUrl,
    qrTarget:
      complaintUrl ?? (labourInspectionPhone ? `tel:${labourInspectionPhone.replace(/[^0-9+]/g, '')}` : null),
    posting: {
      ...i.posting,
      postedOn: b?.postedOn ?? null,
      photoSha256: b?.photoSha256 ?? null,
      recordedAt: b?.postedRecordedAt ?? null,
    },
    missing: [],
  };
  const unset: Record<BoardItem, boolean> = {
    owner: false,
    contractor: false,
    projectDepartment: view.projectDepartment === null,
    subcontractors: view.subcontractors.length === 0,
    labourWageManager: view.labourWageManager === null,
    minimumWage: view.minimumWage === null,
    payDay: view.payDay === null,
    industryAuthority: view.industryAuthority.phone === null,
    labourInspection: view.labourInspectionPhone === null,
    arbitration: view.arbitration === null,
    legalAid: view.legalAid === null,
    legalServiceHotline: view.legalServiceHotline === null,
  };
  view.missing = (Object.keys(BOARD_ITEMS) as BoardItem[]).filter((k) => unset[k]);
  return view;
}
