/**
 * Who sees and who records a project's deposit, guarantees and return (R1, R3). The deposit is a
 * duty between the general contractor, the bank or guarantor that holds it, and HRSS, which
 * supervises it with the industry authority (属地管理、谁主管谁负责):
 * - see: HRSS of the project's district (city HRSS: all), the project's industry authority, the
 *   project's general contractor; a bank only the instruments it holds or issued. The owner has no
 *   token of its own in the hub (its projects are seen through the agencies), and other agencies
 *   (police, courts, finance…) have no part in it: they see the project, not its deposit.
 * - record a deposit, a top-up, a guarantee: the contractor, or HRSS for it; a payment guarantee
 *   also the industry authority (it checks it at the permit). HRSS alone sets the rules (city
 *   level), records a notice to pay from a deposit, reviews and confirms a return; the bank that
 *   holds the deposit records that it paid. Completion: HRSS or the industry authority.
 */
import type { FilterQuery } from '@mikro-orm/core';
import { isIndustryOrg, type Caller } from '../../auth/caller';
import { CITY_DISTRICT } from '../../domain/districts';
import { forbidden } from '../../domain/errors';
import { normalizeUscc } from '../../domain/identifiers';
import type { Project } from '../../entities';

/** The projects whose duties the caller sees; null: none (a bank sees instruments, not projects' duties). */
export function dutyProjectScope(caller: Caller): FilterQuery<Project> | null {
  if (caller.org === 'CONTRACTOR') return { contractor: { uscc: normalizeUscc(caller.uscc ?? '') } };
  if (caller.org !== 'HRSS' && !isIndustryOrg(caller.org)) return null;
  const where: { districtCode?: string; industry?: string } = {};
  if (caller.district !== CITY_DISTRICT) where.districtCode = caller.district;
  if (isIndustryOrg(caller.org)) where.industry = caller.org;
  return where as FilterQuery<Project>;
}

/** Pure form of dutyProjectScope for a project already read. */
export function seesDuties(
  caller: Caller,
  p: { districtCode: string; industry: string; contractorUscc: string },
): boolean {
  if (caller.org === 'CONTRACTOR') return normalizeUscc(caller.uscc ?? '') === p.contractorUscc;
  if (caller.org !== 'HRSS' && !isIndustryOrg(caller.org)) return false;
  if (caller.district !== CITY_DISTRICT && caller.district !== p.districtCode) return false;
  return !isIndustryOrg(caller.org) || caller.org === p.industry;
}

const isContractorOf = (caller: Caller, project: Project): boolean =>
  caller.org === 'CONTRACTOR' && normalizeUscc(caller.uscc ?? '') === project.contractor.uscc;
const isHrssOf = (caller: Caller, project: Project): boolean =>
  caller.org === 'HRSS' && (caller.district === CITY_DISTRICT || caller.district === project.districtCode);
const isAuthorityOf = (caller: Caller, project: Project): boolean =>
  isIndustryOrg(caller.org) &&
  caller.org === project.industry &&
  (caller.district === CITY_DISTRICT || caller.district === project.districtCode);

export function assertDepositRecorder(caller: Caller, project: Project): void {
  if (!isContractorOf(caller, project) && !isHrssOf(caller, project))
    throw forbidden("a project's deposit is recorded by its general contractor or by HRSS of its district");
}

export function assertGuaranteeRecorder(caller: Caller, project: Project): void {
  if (!isContractorOf(caller, project) && !isHrssOf(caller, project) && !isAuthorityOf(caller, project))
    throw forbidden(
      "a payment guarantee is recorded by the project's general contractor (its beneficiary), HRSS or the industry authority",
    );
}

export function assertHrssOf(caller: Caller, project: Project, what: string): void {
  if (!isHrssOf(caller, project))
    throw forbidden(`only HRSS of the project's district (or the city) ${what}`);
}

export function assertCompletionRecorder(caller: Caller, project: Project): void {
  if (!isHrssOf(caller, project) && !isAuthorityOf(caller, project))
    throw forbidden("a project's completion is recorded by HRSS or its industry authority");
}

export function assertContractorOf(caller: Caller, project: Project, what: string): void {
  if (!isContractorOf(caller, project)) throw forbidden(`only the project's general contractor ${what}`);
}

/** `org:district:sub`: who recorded a fact, kept beside it. */
export const recorder = (caller: Caller): string => `${caller.org}:${caller.district}:${caller.sub}`;
