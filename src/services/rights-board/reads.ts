/**
 * The boards of a batch of projects (R7), read set-based: a fixed number of statements whatever
 * the batch's size (a page of projects asking `rightsBoard` costs five). The caller has already
 * seen the projects through their scope: a board is seen wherever its project is.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { decryptPersonal } from '../../personal-data/cipher';
import { sql } from '../../db/sql';
import { baseDateOf } from '../../domain/duties/deposit-requirement';
import { CITY_DISTRICT } from '../../domain/districts';
import {
  assembleBoard,
  type BoardRow,
  type ChannelsRow,
  type MinimumWageRow,
  type RightsBoardView,
} from '../../domain/rights-board/board-content';
import { boardDueDate, DEFAULT_POSTING_WORKING_DAYS } from '../../domain/rights-board/posting-rule';
import { loadWorkingCalendar } from '../calendar';
import type { ProjectView } from '../views/views';

export interface BoardProject {
  project: Pick<
    ProjectView,
    | 'id'
    | 'name'
    | 'districtCode'
    | 'industry'
    | 'owner'
    | 'contractor'
    | 'contractSignedOn'
    | 'permitIssuedOn'
  >;
  agreementDueDay: number | null;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function rightsBoardsOf(
  em: EntityManager,
  items: readonly BoardProject[],
  today: string,
): Promise<RightsBoardView[]> {
  if (items.length === 0) return [];
  const ids = [...new Set(items.map((i) => i.project.id))];
  const districts = [...new Set([CITY_DISTRICT, ...items.map((i) => i.project.districtCode)])];
  const boards = await sql<Record<string, unknown>>(
    em,
    `select project_id, project_department, project_department_phone, labour_wage_manager_name,
            labour_wage_manager_phone, pay_day, subcontractors, posted_on::text as posted_on, photo_sha256,
            posted_recorded_at
       from rights_board where project_id = any(?::uuid[])`,
    [ids],
  );
  const channels = await sql<Record<string, unknown>>(
    em,
    `select district_code, labour_inspection_phone, industry_authority_phones, arbitration, legal_aid,
            legal_service_hotline, complaint_url
       from rights_channels where district_code = any(?)`,
    [districts],
  );
  const wages = await sql<Record<string, string | null>>(
    em,
    `select distinct on (district_code) district_code, effective_from::text as effective_from,
            monthly_fen::text as monthly, hourly_fen::text as hourly
       from minimum_wage where district_code = any(?) and effective_from <= ?
      order by district_code, effective_from desc`,
    [districts, today],
  );
  // The manager's phone is printed in full: the board exists so that workers can call it (art. 34).
  const managers = await sql<{ project_id: string; name: string; phone_enc: string }>(
    em,
    `select project_id::text as project_id, name, phone_enc from labour_wage_manager where project_id = any(?::uuid[])`,
    [ids],
  );
  const managerBy = new Map(
    managers.map((m) => [m.project_id, { name: m.name, phone: decryptPersonal(m.phone_enc) }]),
  );
  const [rules] = await sql<{ days: number }>(
    em,
    `select posting_working_days as days from rights_board_rules where id = 1`,
  );
  const calendar = await loadWorkingCalendar(em);

  const boardBy = new Map(
    boards.map((r): [string, BoardRow] => [
      String(r.project_id),
      {
        projectDepartment: (r.project_department as string | null) ?? null,
        projectDepartmentPhone: (r.project_department_phone as string | null) ?? null,
        labourWageManagerName: (r.labour_wage_manager_name as string | null) ?? null,
        labourWageManagerPhone: (r.labour_wage_manager_phone as string | null) ?? null,
        payDay: r.pay_day === null ? null : Number(r.pay_day),
        subcontractors: json(r.subcontractors),
        postedOn: (r.posted_on as string | null) ?? null,
        photoSha256: (r.photo_sha256 as string | null) ?? null,
        postedRecordedAt: r.posted_recorded_at ? new Date(r.posted_recorded_at as string) : null,
      },
    ]),
  );
  const channelsBy = new Map(
    channels.map((r): [string, ChannelsRow] => [
      String(r.district_code),
      {
        districtCode: String(r.district_code),
        labourInspectionPhone: (r.labour_inspection_phone as string | null) ?? null,
        industryAuthorityPhones: json(r.industry_authority_phones),
        arbitration: (r.arbitration as string | null) ?? null,
        legalAid: (r.legal_aid as string | null) ?? null,
        legalServiceHotline: (r.legal_service_hotline as string | null) ?? null,
        complaintUrl: (r.complaint_url as string | null) ?? null,
      },
    ]),
  );
  const wageBy = new Map(
    wages.map((r): [string, MinimumWageRow] => [
      r.district_code!,
      {
        districtCode: r.district_code!,
        effectiveFrom: r.effective_from!,
        monthlyFen: BigInt(r.monthly!),
        hourlyFen: r.hourly === null ? null : BigInt(r.hourly),
      },
    ]),
  );
  const days = rules?.days ?? DEFAULT_POSTING_WORKING_DAYS;
  return items.map(({ project, agreementDueDay }) => {
    const due = boardDueDate(baseDateOf(project), days, calendar);
    return assembleBoard({
      project,
      board: boardBy.get(project.id) ?? null,
      appointedManager: managerBy.get(project.id) ?? null,
      channels: {
        district:
          project.districtCode === CITY_DISTRICT ? null : (channelsBy.get(project.districtCode) ?? null),
        city: channelsBy.get(CITY_DISTRICT) ?? null,
      },
      minimumWage: wageBy.get(project.districtCode) ?? wageBy.get(CITY_DISTRICT) ?? null,
      agreementDueDay,
      posting: { dueBy: due.date, dueByProvisional: due.provisional },
    });
  });
}
