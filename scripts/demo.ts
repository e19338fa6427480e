import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { signToken } from '../src/auth/tokens';
import type { Caller } from '../src/auth/caller';
import { DAY, isoDate, monthLabel, monthsUpTo, shanghaiNow } from './demo/calendar';
import { bankEvents } from './demo/events';
import { GqlFailure, HubClient, type IngestResult } from './demo/hub-client';
import { registerBanks, registerFirms, registerProjects, type Tally } from './demo/register';
import { BANKS, PENDING_ACCOUNTS } from './demo/world';

/**
 * `npm run demo [-- --url http://localhost:4000]` fills a running hub with a believable Benxi
 * through its public API only (GraphQL and the signed push endpoint), then prints tokens and
 * queries to try. Re-runnable: everything has a stable code, a CONFLICT counts as "already
 * there", and re-pushed events come back as duplicates.
 */

const MONTHS = 7; // the agreements run over the seven months up to now
const BATCH = 500; // events per signed push

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(
      'npm run demo [-- --url http://localhost:4000]   (or HUB_URL=…); JWT_SECRET as the hub has it',
    );
    return;
  }
  const url = (values.url ?? process.env.HUB_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
  const config = loadConfig(); // the JWT secret exactly as the hub reads it
  const hub = new HubClient(url);
  const token = (caller: Omit<Caller, 'sub'> & { sub?: string }) =>
    signToken(
      { sub: `demo-${caller.org.toLowerCase()}-${caller.district}`, ...caller },
      config.jwtKeys,
      '12h',
    );
  const admin = token({ org: 'HRSS', district: '210500' });

  const health = await fetch(`${url}/healthz`).catch((err: Error) => err);
  if (health instanceof Error || !health.ok) {
    throw new Error(
      `no healthy hub at ${url} (${health instanceof Error ? health.message : `healthz ${health.status}`}); start one with npm start or pass --url`,
    );
  }
  const now = new Date();
  const window = monthsUpTo(now, MONTHS);
  console.log(
    `wagewatch demo → ${url}  (${monthLabel(window[0])} … ${monthLabel(window.at(-1)!)}; fictitious firms and people)`,
  );

  const banks = await registerBanks(hub, admin, config.jwtSecret);
  const firms = await registerFirms(hub, admin);
  const reg = await registerProjects(hub, admin, window);
  reg.warnings.forEach((w) => console.log(`  note: ${w}`));

  const totals: IngestResult & { sent: number; pushes: number } = {
    sent: 0,
    pushes: 0,
    accepted: 0,
    duplicates: 0,
    unmatched: 0,
    rejected: [],
  };
  for (const [bankCode, events] of bankEvents(reg.runs, window, shanghaiNow(now))) {
    const secret = banks.secrets.get(bankCode)!;
    for (let i = 0; i < events.length; i += BATCH) {
      const result = await hub.push(bankCode, secret, events.slice(i, i + BATCH)).catch((err: Error) => {
        throw err.message.includes(' 401')
          ? new Error(
              `${err.message}\n  ${bankCode} was registered with another webhook secret: run the demo with the JWT_SECRET of the run that registered it, or against a fresh hub`,
            )
          : err;
      });
      totals.sent += Math.min(BATCH, events.length - i);
      totals.pushes += 1;
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      totals.unmatched += result.unmatched;
      totals.rejected.push(...result.rejected.map((r) => ({ ...r, message: `${bankCode}: ${r.message}` })));
    }
  }
  const features = await schemaFields(hub, admin);
  const sweep = features.has('runComplianceSweep')
    ? await runSweep(hub, admin, isoDate(shanghaiNow(now) - DAY))
    : null;

  const line = (what: string, t: Tally) => `${what} ${t.created} new, ${t.existing} already there`;
  console.log(`\nSummary`);
  console.log(`  ${line('banks', banks.tally)};  ${line('enterprises', firms)}`);
  console.log(`  ${line('projects', reg.projects)};  ${line('agreements', reg.agreements)}`);
  console.log(
    `  events: ${totals.sent} sent in ${totals.pushes} signed pushes → accepted ${totals.accepted}, duplicates ${totals.duplicates}, ` +
      `unmatched ${totals.unmatched} (of the accepted; ${PENDING_ACCOUNTS.length} accounts not registered yet), rejected ${totals.rejected.length}`,
  );
  totals.rejected.slice(0, 5).forEach((r) => console.log(`    rejected #${r.index} ${r.code}: ${r.message}`));
  console.log(`  compliance sweep: ${sweep ?? 'not in this hub yet (no runComplianceSweep in its schema)'}`);
  printTryIt(
    url,
    features,
    {
      CITY_HRSS: admin,
      PINGSHAN_HRSS: token({ org: 'HRSS', district: '210502' }),
      BANK_ICBC: token({ org: 'BANK', district: '210500', bank: BANKS[0].code }),
      CREDIT_PLATFORM: token({ org: 'CREDIT_PLATFORM', district: '210500' }),
    },
    banks.secrets,
    config.jwtSecretIsDevDefault,
  );
}

/** Root fields the hub offers, so the demo only runs and suggests what this build has. */
async function schemaFields(hub: HubClient, admin: string): Promise<Set<string>> {
  try {
    const data = await hub.gql<{
      __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
    }>(admin, '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
    return new Set(
      [...data.__schema.queryType.fields, ...data.__schema.mutationType.fields].map((f) => f.name),
    );
  } catch {
    return new Set(); // introspection off: suggest only the core queries
  }
}

async function runSweep(hub: HubClient, admin: string, asOf: string): Promise<string> {
  try {
    const { runComplianceSweep: r } = await hub.gql<{ runComplianceSweep: Record<string, number> }>(
      admin,
      `mutation($d: Date!) { runComplianceSweep(asOf: $d) { alertsOpened alertsResolved alertsWithdrawn escalations } }`,
      { d: asOf },
    );
    return `as of ${asOf}: ${r.alertsOpened} alerts opened, ${r.alertsResolved} resolved, ${r.alertsWithdrawn} withdrawn, ${r.escalations} escalations`;
  } catch (err) {
    if (err instanceof GqlFailure) return `as of ${asOf} failed: ${err.message}`;
    throw err;
  }
}

function printTryIt(
  url: string,
  features: Set<string>,
  tokens: Record<string, string>,
  secrets: Map<string, string>,
  devSecret: boolean,
): void {
  console.log(
    `\nTokens (12 h, signed with ${devSecret ? 'the development default secret' : 'JWT_SECRET'}); paste into a shell:`,
  );
  console.log(`  export HUB=${url}`);
  for (const [name, value] of Object.entries(tokens)) console.log(`  export ${name}=${value}`);
  console.log(`\nBank webhook secrets (for signed pushes to $HUB/banks/{code}/events):`);
  for (const [code, secret] of secrets) console.log(`  ${code.padEnd(8)} ${secret}`);

  const projects = `{ projects(first: 5) { totalCount edges { node { name districtCode industry contractor { name } agreement { bankCode accountNo laborCostPerCycle dueDay creditedTotal } } } } }`;
  const tries: [string, string, string][] = [
    ['city HRSS sees every project, with the labour cost credited so far', 'CITY_HRSS', projects],
    ['平山区 HRSS sees only 平山区 (210502)', 'PINGSHAN_HRSS', projects],
    ['ICBC sees only accounts held at ICBC', 'BANK_ICBC', projects],
    [
      'Bengang projects by contract',
      'CITY_HRSS',
      `{ projects(filter: { industry: BENGANG }) { totalCount edges { node { name contractPrice contractSignedOn permitIssuedOn owner { name uscc } } } } }`,
    ],
    ['the credit platform sees no project', 'CREDIT_PLATFORM', `{ projects { totalCount } }`],
  ];
  if (features.has('alerts')) {
    tries.push([
      'open missed-transfer alerts',
      'CITY_HRSS',
      `{ alerts(filter: { status: OPEN }, first: 10) { totalCount edges { node { kind dueDate shortfall bankNoticeDeadline project { name } } } } }`,
    ]);
  }
  if (features.has('blacklistChanges'))
    tries.push([
      'the blacklist feed',
      'CREDIT_PLATFORM',
      `{ blacklistChanges(first: 10) { totalCount edges { node { kind at } } } }`,
    ]);
  console.log(`\nQueries to try:`);
  for (const [what, who, query] of tries) {
    console.log(`  # ${what}`);
    console.log(
      `  curl -s $HUB/graphql -H "authorization: Bearer $${who}" -H 'content-type: application/json' -d '${JSON.stringify({ query })}'`,
    );
  }
}

main().catch((err: Error) => {
  const hint =
    err instanceof GqlFailure && err.code === 'UNAUTHENTICATED'
      ? "\n  the hub refused the demo's token: run the demo with the JWT_SECRET the hub was started with"
      : '';
  console.error(`demo: ${err.message}${hint}`);
  process.exit(1);
});
