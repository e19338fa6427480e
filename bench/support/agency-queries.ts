import type { Caller } from '../../src/auth/caller';
import { BENCH_CONTRACTOR, enterpriseUscc } from './agency-data';

/**
 * The six queries of issue #9's table, as the agencies send them. Each is sent with its operation
 * name, which the raw-SQL server (agency-raw-server.ts) dispatches on to answer the same JSON.
 */
export interface AgencyQuery {
  /** operation name, and the name the bench's knobs and output use */
  name: string;
  title: string;
  caller: Omit<Caller, 'sub'>;
  query: string;
}

const CITY_HRSS = { org: 'HRSS', district: '210500' } as const;
export const BENCH_DISTRICT = '210502';

export const AGENCY_QUERIES: AgencyQuery[] = [
  {
    name: 'ProjectsTotal',
    title: 'projects(first: 1) { totalCount }',
    caller: CITY_HRSS,
    query: `query ProjectsTotal { projects(first: 1) { totalCount } }`,
  },
  {
    name: 'CityProjects',
    title: 'city HRSS projects(first: 50), agreement, contractor, 5 alerts',
    caller: CITY_HRSS,
    query: `query CityProjects { projects(first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id name districtCode industry contractPrice contractor { uscc name }
    agreement { id bankCode accountNo laborCostPerCycle dueDay startsOn endsOn }
    alerts(first: 5) { totalCount edges { node { id kind status dueDate shortfall } } } } } } }`,
  },
  {
    name: 'DistrictAlerts',
    title: `district (${BENCH_DISTRICT}) alerts(first: 50)`,
    caller: { org: 'HRSS', district: BENCH_DISTRICT },
    query: `query DistrictAlerts { alerts(first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind status dueDate shortfall openedOn resolvedOn bankNoticeDeadline
    contractorReportDeadline project { id name } } } } }`,
  },
  {
    name: 'ContractorProjects',
    title: "a contractor's projects(first: 50), with agreement",
    caller: { org: 'CONTRACTOR', district: '210500', uscc: enterpriseUscc(BENCH_CONTRACTOR) },
    query: `query ContractorProjects { projects(first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id name districtCode contractPrice agreement { id dueDay laborCostPerCycle startsOn } } } } }`,
  },
  {
    name: 'CreditFeed',
    title: 'blacklistChanges(first: 500), every entry field',
    caller: { org: 'CREDIT_PLATFORM', district: '210500' },
    query: `query CreditFeed { blacklistChanges(first: 500) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node { kind at entry { id subjectKind name uscc maskedIdNumber ground decidedOn listedUntil
    status removedOn removalReason districtCode caseId legalRepresentativeOf } } } } }`,
  },
  {
    name: 'CityCases',
    title: 'city HRSS cases(first: 50), employer, project, history',
    caller: CITY_HRSS,
    query: `query CityCases { cases(first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id status source districtCode routedTo claimedAmount receivedOn workers
    employer { uscc name } project { id name } history { action toStatus on recordedAt } } } } }`,
  },
];

/** The request body the bench sends for a query, to the hub and to the raw-SQL server alike. */
export const requestBody = (q: AgencyQuery): string =>
  JSON.stringify({ operationName: q.name, query: q.query, variables: {} });
