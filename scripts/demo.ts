import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET } from '../src/config';
import { signToken } from '../src/auth/tokens';
import { parseJwtKeys, signingKey } from '../src/auth/jwt-keys';
import type { Caller } from '../src/auth/caller';
import { DAY, isoDate, monthLabel, monthsUpTo, shanghaiNow } from './demo/calendar';
import { CaseStories } from './demo/cases';
import { receiveDemoClues } from './demo/clues';
import { gradeAndReport } from './demo/governance';
import { bankEvents } from './demo/events';
import { GqlFailure, HubClient, type IngestResult } from './demo/hub-client';
import { registerBanks, registerFirms, registerProjects, type Tally } from './demo/register';
import { printTryIt } from './demo/try-it';
import { BANKS, PENDING_ACCOUNTS } from './demo/world';

/**
 * `npm run demo [-- --url http://localhost:4000]` fills a running hub, development or production,
 * with a believable Benxi through its public API only: registered documents sent by id (no
 * introspection, nothing TRUSTED_DOCUMENTS=refuse turns away) and the signed push endpoint. Then
 * it prints tokens and queries to try, each of which returns data for its token. Re-runnable:
 * everything has a stable code, a CONFLICT counts as "already there", re-pushed events come back as
 * duplicates, and cases are found by their employer.
 */

const MONTHS = 7; // the agreements run over the seven months up to now
const BATCH = 500; // events per signed push
const USAGE = `npm run demo [-- --url URL]
  URL: --url, else HUB_URL, else http://localhost:$PORT (PORT defaults to 4000)
  JWT_SECRET: the hub's (unset: the development default), so the demo's tokens are the hub's`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = (values.url ?? process.env.HUB_URL ?? `http://localhost:${process.env.PORT || 4000}`).replace(
    /\/+$/,
    '',
  );
  // Only the secret matters here: the rest of the hub's settings are the hub's business.
  // JWT_KEYS / JWT_SIGNING_KEY_ID beside JWT_SECRET, read as the hub reads them.
  const jwtKeys = parseJwtKeys(
    {
      keys: process.env.JWT_KEYS,
      signingKeyId: process.env.JWT_SIGNING_KEY_ID,
      unnamed: process.env.JWT_SECRET || (process.env.JWT_KEYS ? null : DEV_JWT_SECRET),
    },
    (message) => {
      throw new Error(message);
    },
  );
  const jwtSecret = signingKey(jwtKeys).secret;
  const hub = new HubClient(url);
  const token = (caller: Omit<Caller, 'sub'> & { sub?: string }) =>
    signToken({ sub: `demo-${caller.org.toLowerCase()}-${caller.district}`, ...caller }, jwtKeys, '12h');
  const admin = token({ org: 'HRSS', district: '210500' });

  const health = await fetch(`${url}/healthz`).catch((err: Error) => err);
  if (health instanceof Error || !health.ok) {
    throw new Error(
      `no healthy hub at ${url} (${health instanceof Error ? health.message : `healthz ${health.status}`}); start one with npm start, or pass --url or HUB_URL`,
    );
  }
  const now = new Date();
  const today = isoDate(shanghaiNow(now));
  const window = monthsUpTo(now, MONTHS);
  console.log(
    `wagewatch demo → ${url}  (${monthLabel(window[0])} … ${monthLabel(window.at(-1)!)}; fictitious firms and people)`,
  );

  const banks = await registerBanks(hub, admin, jwtSecret);
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
  const sweep = await runSweep(hub, admin, isoDate(shanghaiNow(now) - DAY));
  // the ordered case and the penalty are on a 明山区 housing project (routed to HOUSING:210504)
  const caseProject = reg.runs.find(
    (r) => r.project.district === '210504' && r.project.industry === 'HOUSING',
  )!;
  const stories = await new CaseStories(hub, admin, today).fill({
    id: caseProject.id,
    name: caseProject.project.name,
  });

  const clues = await receiveDemoClues(hub, admin, today, caseProject.id);
  const { sweep: warningSweep, report } = await gradeAndReport(hub, admin, today);

  const line = (what: string, t: Tally) => `${what} ${t.created} new, ${t.existing} already there`;
  console.log(`\nSummary`);
  console.log(`  ${line('banks', banks.tally)};  ${line('enterprises', firms)}`);
  console.log(`  ${line('projects', reg.projects)};  ${line('agreements', reg.agreements)}`);
  console.log(
    `  events: ${totals.sent} sent in ${totals.pushes} signed pushes → accepted ${totals.accepted}, duplicates ${totals.duplicates}, ` +
      `unmatched ${totals.unmatched} (of the accepted; ${PENDING_ACCOUNTS.length} accounts not registered yet), rejected ${totals.rejected.length}`,
  );
  totals.rejected.slice(0, 5).forEach((r) => console.log(`    rejected #${r.index} ${r.code}: ${r.message}`));
  console.log(`  compliance sweep: ${sweep}`);
  console.log(
    `  ${line('cases', stories.cases)} (one listed then removed early, one listed, one under an order to pay);  ${line('penalties', stories.penalties)}`,
  );
  console.log(`  ${line('clues', clues)} (one open past its deadline, one new: the scorecard's K3)`);
  console.log(`  warning sweep: ${warningSweep}`);
  console.log(`  report: the city's ${report.period} report, to date (${report.id})`);
  printTryIt(
    url,
    {
      CITY_HRSS: admin,
      PINGSHAN_HRSS: token({ org: 'HRSS', district: '210502' }),
      BANK_ICBC: token({ org: 'BANK', district: '210500', bank: BANKS[0].code }),
      CREDIT_PLATFORM: token({ org: 'CREDIT_PLATFORM', district: '210500' }),
    },
    banks.secrets,
    !process.env.JWT_SECRET,
    report,
  );
}

async function runSweep(hub: HubClient, admin: string, asOf: string): Promise<string> {
  try {
    const { runComplianceSweep: r } = await hub.run<{ runComplianceSweep: Record<string, number> }>(
      admin,
      'RunComplianceSweep',
      { asOf },
    );
    return `as of ${asOf}: ${r.alertsOpened} alerts opened, ${r.alertsResolved} resolved, ${r.alertsWithdrawn} withdrawn, ${r.escalations} escalations`;
  } catch (err) {
    if (err instanceof GqlFailure) return `as of ${asOf} failed: ${err.message}`;
    throw err;
  }
}

main().catch((err: Error) => {
  const hint =
    err instanceof GqlFailure && err.code === 'UNAUTHENTICATED'
      ? "\n  the hub refused the demo's token: run the demo with the JWT_SECRET the hub was started with"
      : err instanceof GqlFailure && err.code === 'PERSISTED_QUERY_NOT_FOUND'
        ? "\n  the hub does not have this release's documents: run the demo of the hub's own version"
        : '';
  console.error(`demo: ${err.message}${hint}`);
  process.exit(1);
});
