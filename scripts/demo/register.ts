import { createHmac } from 'node:crypto';
import { GqlFailure, type HubClient } from './hub-client';
import { termsFor, type ProjectRun } from './events';
import type { Month } from './calendar';
import { BANKS, FIRMS, PROJECTS, type Firm } from './world';

/**
 * Registers the demo's banks, firms, projects and agreements through GraphQL, idempotently:
 * a CONFLICT means "already there", projects are found by name before they are registered,
 * and an agreement is registered only for a project that has none.
 */

export interface Tally {
  created: number;
  existing: number;
}
const tally = (): Tally => ({ created: 0, existing: 0 });

/**
 * The hub never returns a webhook secret, so a second run must be able to recompute the one the
 * first run registered: it is derived from the JWT secret, which the demo needs anyway and which
 * already lets its holder act as any bank.
 */
export function demoWebhookSecret(jwtSecret: string, bankCode: string): string {
  return `whsec_${createHmac('sha256', jwtSecret).update(`wagewatch-demo/webhook/${bankCode}`).digest('base64')}`;
}

async function createOrFind(work: () => Promise<unknown>, t: Tally): Promise<void> {
  try {
    await work();
    t.created += 1;
  } catch (err) {
    if (!(err instanceof GqlFailure && err.code === 'CONFLICT')) throw err;
    t.existing += 1;
  }
}

export async function registerBanks(
  hub: HubClient,
  admin: string,
  jwtSecret: string,
): Promise<{ tally: Tally; secrets: Map<string, string> }> {
  const t = tally();
  const secrets = new Map<string, string>();
  for (const bank of BANKS) {
    const webhookSecret = demoWebhookSecret(jwtSecret, bank.code);
    secrets.set(bank.code, webhookSecret);
    await createOrFind(
      () => hub.run(admin, 'RegisterBank', { input: { code: bank.code, name: bank.name, webhookSecret } }),
      t,
    );
  }
  return { tally: t, secrets };
}

export async function registerFirms(
  hub: HubClient,
  admin: string,
  firms: (Firm & { legalRepresentative?: { name: string; idNumber: string } })[] = FIRMS,
): Promise<Tally> {
  const t = tally();
  for (const firm of firms) {
    await createOrFind(
      () =>
        hub.run(admin, 'RegisterEnterprise', {
          input: {
            uscc: firm.uscc,
            name: firm.name,
            ...(firm.legalRepresentative ? { legalRepresentative: firm.legalRepresentative } : {}),
          },
        }),
      t,
    );
  }
  return t;
}

interface Known {
  id: string;
  name: string;
  districtCode: string;
  agreement: { accountNo: string; bankCode: string } | null;
}

/** Every project the city HRSS sees, by district and name (the hub does not make names unique). */
async function knownProjects(hub: HubClient, admin: string): Promise<Map<string, Known>> {
  const known = new Map<string, Known>();
  let after: string | null = null;
  for (;;) {
    const page: {
      projects: { edges: { node: Known }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    } = await hub.run(admin, 'ProjectDirectory', { after });
    for (const { node } of page.projects.edges)
      if (!known.has(`${node.districtCode}/${node.name}`))
        known.set(`${node.districtCode}/${node.name}`, node);
    if (!page.projects.pageInfo.hasNextPage) return known;
    after = page.projects.pageInfo.endCursor;
  }
}

export interface Registered {
  runs: (ProjectRun & { id: string })[];
  projects: Tally;
  agreements: Tally;
  warnings: string[];
}

export async function registerProjects(hub: HubClient, admin: string, window: Month[]): Promise<Registered> {
  const known = await knownProjects(hub, admin);
  const out: Registered = { runs: [], projects: tally(), agreements: tally(), warnings: [] };
  for (const project of PROJECTS) {
    const terms = termsFor(project, window);
    let found = known.get(`${project.district}/${project.name}`);
    if (found) out.projects.existing += 1;
    else {
      const { registerProject } = await hub.run<{ registerProject: { id: string } }>(
        admin,
        'RegisterProject',
        {
          input: {
            name: project.name,
            districtCode: project.district,
            industry: project.industry,
            ownerUscc: project.owner.uscc,
            contractorUscc: project.contractor.uscc,
            contractPrice: terms.contractPrice,
            contractSignedOn: terms.contractSignedOn,
            permitIssuedOn: terms.permitIssuedOn,
          },
        },
      );
      found = { id: registerProject.id, name: project.name, districtCode: project.district, agreement: null };
      out.projects.created += 1;
    }
    if (found.agreement) {
      out.agreements.existing += 1;
      if (found.agreement.accountNo !== terms.accountNo || found.agreement.bankCode !== project.bank.code) {
        out.warnings.push(
          `${project.name}: the hub holds account ${found.agreement.bankCode}/${found.agreement.accountNo}; its demo events will be unmatched`,
        );
      }
    } else {
      await hub.run(admin, 'RegisterTripartiteAgreement', {
        input: {
          projectId: found.id,
          bankCode: project.bank.code,
          accountNo: terms.accountNo,
          laborCostPerCycle: terms.laborCostPerCycle,
          dueDay: project.dueDay,
          startsOn: terms.startsOn,
        },
      });
      out.agreements.created += 1;
    }
    out.runs.push({ project, terms, id: found.id });
  }
  return out;
}
