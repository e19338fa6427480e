import { todayInShanghai } from '../../src/clock';
import type { DemoReport } from './governance';
import { byId, documentNamed } from './hub-client';

/** the hub's year (Asia/Shanghai), for the scorecard */
const THIS_YEAR = Number(todayInShanghai().slice(0, 4));

/** What the demo suggests trying: each a registered document, sent by id, with data for its token. */
const TRIES: { what: string; who: string; document: string; variables?: Record<string, unknown> }[] = [
  {
    what: 'city HRSS sees every project, with the labour cost credited so far',
    who: 'CITY_HRSS',
    document: 'ProjectsOverview',
  },
  { what: '平山区 HRSS sees only 平山区 (210502)', who: 'PINGSHAN_HRSS', document: 'ProjectsOverview' },
  { what: 'ICBC sees only accounts held at ICBC', who: 'BANK_ICBC', document: 'ProjectsOverview' },
  {
    what: 'Bengang projects by contract',
    who: 'CITY_HRSS',
    document: 'ProjectsByIndustry',
    variables: { industry: 'BENGANG' },
  },
  { what: 'open missed-transfer alerts', who: 'CITY_HRSS', document: 'OpenAlerts' },
  { what: 'wage cases: ordered, listed, removed', who: 'CITY_HRSS', document: 'CasesOverview' },
  { what: "平山区 HRSS's own cases", who: 'PINGSHAN_HRSS', document: 'CasesOverview' },
  { what: 'penalties imposed', who: 'CITY_HRSS', document: 'PenaltiesOverview' },
  {
    what: 'the scorecard (R22, K1–K4) for this year, with the projects, cases, clues and incidents behind each figure',
    who: 'CITY_HRSS',
    document: 'Scorecard',
    variables: { period: { year: THIS_YEAR } },
  },
  {
    what: '平山区 HRSS: its own scorecard, housing only',
    who: 'PINGSHAN_HRSS',
    document: 'Scorecard',
    variables: { period: { year: THIS_YEAR }, department: 'HOUSING' },
  },
  ...(['RED', 'ORANGE', 'YELLOW'] as const).map((grade) => ({
    what: `open ${grade} warnings (R17), with their reasons and read receipts`,
    who: 'CITY_HRSS',
    document: 'WarningDirectory',
    variables: { filter: { grade, open: true } },
  })),
  { what: '平山区 HRSS: the warnings touching 平山区', who: 'PINGSHAN_HRSS', document: 'WarningDirectory' },
  {
    what: "the archived monthly reports (R21): this month's for the city",
    who: 'CITY_HRSS',
    document: 'ReportArchive',
  },
  {
    what: 'the credit platform follows the blacklist feed (listings, the early removal)',
    who: 'CREDIT_PLATFORM',
    document: 'BlacklistChanges',
  },
  {
    what: 'the credit platform loads the list as it stands today',
    who: 'CREDIT_PLATFORM',
    document: 'BlacklistSnapshot',
  },
];

export function printTryIt(
  url: string,
  tokens: Record<string, string>,
  secrets: Map<string, string>,
  devSecret: boolean,
  report: DemoReport,
): void {
  console.log(
    `\nTokens (12 h, signed with ${devSecret ? 'the development default secret' : 'JWT_SECRET'}); paste into a shell:`,
  );
  console.log(`  export HUB=${url}`);
  for (const [name, value] of Object.entries(tokens)) console.log(`  export ${name}=${value}`);
  console.log(`\nBank webhook secrets (for signed pushes to $HUB/banks/{code}/events):`);
  for (const [code, secret] of secrets) console.log(`  ${code.padEnd(8)} ${secret}`);

  console.log(
    `\nQueries to try: registered documents sent by id (their text: schema/trusted-documents/<name>.graphql;` +
      ` in a browser, $HUB/graphql lists them where the console is on):`,
  );
  for (const t of TRIES) {
    documentNamed(t.document); // fails here, not in the reader's shell, if the release lacks it
    console.log(`  # ${t.what} (${t.document})`);
    console.log(
      `  curl -s $HUB/graphql -H "authorization: Bearer $${t.who}" -H 'content-type: application/json' -d '${JSON.stringify(byId(t.document, t.variables))}'`,
    );
  }
  console.log(
    `\nThe city's ${report.period} report (通报): the workbook, and the PDF beside it (${report.pdfPath ?? 'no PDF: the font is missing'}):`,
  );
  console.log(
    `  curl -fsS $HUB${report.xlsxPath} -H "authorization: Bearer $CITY_HRSS" -o report-${report.period}.xlsx`,
  );
}
