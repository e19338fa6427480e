/**
 * The Chinese words a report prints. Typed by the hub's own enums, so a new alert kind, clue
 * source or incident kind does not compile until it has its label here.
 */
import type { AlertKind } from '../../entities/alert.entity';
import type { IncidentKind } from '../../entities/incident.entity';
import type { Industry } from '../../entities/project.entity';
import type { CaseSource } from '../../entities/wage-case.entity';
import type { ClueSource } from '../clues';
import { BENXI_DISTRICTS, CITY_DISTRICT } from '../districts';

export const districtName = (code: string): string =>
  code === CITY_DISTRICT ? '本溪市' : (BENXI_DISTRICTS[code] ?? code);

export const INDUSTRY_LABELS: Record<Industry, string> = {
  HOUSING: '房屋建筑和市政',
  TRANSPORT: '交通运输',
  WATER: '水利',
  BENGANG: '本钢',
  OTHER: '其他',
};

/** the agency a case or clue is routed to (HRSS or an industry authority) */
export const AUTHORITY_LABELS: Record<string, string> = {
  HRSS: '人力资源社会保障部门',
  HOUSING: '住房和城乡建设部门',
  TRANSPORT: '交通运输部门',
  WATER: '水利部门',
  BENGANG: '本钢集团',
};

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  MISSED_LABOR_COST_TRANSFER: '人工费用未按时足额拨付',
  RECONCILIATION_MISMATCH: '专户对账不符',
  DEPOSIT_MISSING: '未存储工资保证金',
  DEPOSIT_TOP_UP_OVERDUE: '工资保证金未按时补足',
  GUARANTEE_EXPIRING: '保函即将到期',
  PAYMENT_GUARANTEE_MISSING: '未提供工程款支付担保',
  RIGHTS_BOARD_MISSING: '未设置维权信息公示牌',
  SPECIAL_ACCOUNT_NOT_OPENED: '未按时开设工资专用账户',
  SPECIAL_ACCOUNT_NOT_FILED: '工资专用账户未备案',
  SPECIAL_ACCOUNT_CLOSED_EARLY: '工资专用账户提前销户',
  FUNDING_NOT_ARRANGED: '政府投资项目资金未落实',
  SPECIAL_ACCOUNT_FREEZE: '工资专用账户被冻结',
  WORKER_WITHOUT_CONTRACT: '工人未实名登记或未签订劳动合同即进场',
  ATTENDED_NOT_PAID: '有考勤的农民工未在工资支付日前足额支付工资',
  PAID_OUTSIDE_PAYROLL: '专用账户向工资支付表以外的账户支付',
  PAY_BELOW_MINIMUM_WAGE: '出满勤农民工实发工资低于当地最低工资标准',
  PAYMENT_FAILED_UNRESOLVED: '工资代发失败后未及时重新支付',
  NO_LABOUR_WAGE_MANAGER: '在建项目未配备劳资专管员',
};

export const CLUE_SOURCE_LABELS: Record<ClueSource, string> = {
  NATIONAL_PLATFORM: '全国根治欠薪线索反映平台',
  PROVINCIAL_SYSTEM: '省欠薪预警系统',
};

export const CASE_SOURCE_LABELS: Record<CaseSource, string> = {
  NATIONAL_PLATFORM: '全国线索平台',
  PROVINCIAL_SYSTEM: '省预警系统',
  HOTLINE: '投诉电话',
  PETITION: '信访',
  PUBLIC_OPINION: '舆情',
  ALERT: '监测预警',
};

export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  MASS_INCIDENT: '群体性事件',
  EXTREME_INCIDENT: '极端事件',
  SKIP_LEVEL_PETITION: '越级上访',
  MAJOR_PUBLIC_OPINION: '重大舆情',
};
