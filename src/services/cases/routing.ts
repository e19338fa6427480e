import { isIndustryOrg } from '../../auth/caller';
import type { CasePlace } from './actors';

/**
 * C1 routing (线索流转, "谁主管谁负责"): a claim about a project goes to the authority that supervises
 * the project's industry in the project's district — HOUSING, TRANSPORT, WATER or BENGANG of that
 * district — and a project of any other industry (OTHER) to the district's HRSS. A claim with no
 * registered project goes to the HRSS of the district it names. Pure, so a test can state it.
 */
export function routeClaim(
  project: { industry: string; districtCode: string } | null,
  districtCode: string,
): CasePlace {
  if (project) {
    return {
      routedOrg: isIndustryOrg(project.industry as never) ? project.industry : 'HRSS',
      districtCode: project.districtCode,
    };
  }
  return { routedOrg: 'HRSS', districtCode };
}
