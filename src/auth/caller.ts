/** Who is asking: the verified claims of a bearer token. */
export const ORGS = [
  'HRSS',
  'HOUSING',
  'TRANSPORT',
  'WATER',
  'BENGANG',
  'POLICE',
  'COURT',
  'PROCURATORATE',
  'DEVELOPMENT_REFORM',
  'FINANCE',
  'INDUSTRY_IT',
  'JUSTICE',
  'UNION',
  'PBOC',
  'EDUCATION',
  'HEALTH',
  'SASAC',
  'GOVERNMENT',
  'BANK',
  'CREDIT_PLATFORM',
  'CONTRACTOR',
] as const;
export type Org = (typeof ORGS)[number];

/** The industry authorities: each sees only projects of its own industry. */
export const INDUSTRY_ORGS = ['HOUSING', 'TRANSPORT', 'WATER', 'BENGANG'] as const;
export type IndustryOrg = (typeof INDUSTRY_ORGS)[number];

export interface Caller {
  sub: string;
  org: Org;
  /** six-digit GB/T 2260 code; 210500 is city level */
  district: string;
  bank?: string;
  uscc?: string;
}

export const isIndustryOrg = (org: Org): org is IndustryOrg =>
  (INDUSTRY_ORGS as readonly string[]).includes(org);
