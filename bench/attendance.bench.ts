import { cpus, loadavg } from 'node:os';
import { unlinkSync } from 'node:fs';
import { startBenchHub } from './support/bench-hub';
import { inFlight, timed } from './support/intake-runs';
import { payrollCheck } from './support/payroll-check';
import { lastMonth, punchesOf, setUpWorld, writeCopyFile } from './support/attendance-data';

/**
 * Attendance intake (issue #10): a month of punches of 300 projects × 150 workers × 22 days, two a
 * day (the shape; that is 1,980,000 punches, its "1,000,000" counts worker-days), taken
 * through the hub's batch path — `recordAttendance` over GraphQL, one project-month (6,600 punches)
 * per call, ATTENDANCE_IN_FLIGHT calls at once, the alert evaluated after each — beside a raw
 * `COPY` of the same rows into a plain table of the same shape and key, in the same run. Aim: the
 * hub at least 0.3× the raw rate. Every row is counted on both sides.
 * Then the month's payroll against attendance (bench/support/payroll-check.ts): most workers paid,
 * the hub's ATTENDED_NOT_PAID evaluation of all projects beside one raw SQL aggregate (aim: under
 * 30 s and ≤ 3× the aggregate), both finding the same unpaid workers.
 *
 * Knobs: ATTENDANCE_PROJECTS (300), ATTENDANCE_WORKERS (150), ATTENDANCE_DAYS (22),
 * ATTENDANCE_IN_FLIGHT (2).
 */
const PROJECTS = Number(process.env.ATTENDANCE_PROJECTS ?? 300);
const WORKERS = Number(process.env.ATTENDANCE_WORKERS ?? 150);
const DAYS = Number(process.env.ATTENDANCE_DAYS ?? 22);
const IN_FLIGHT = Number(process.env.ATTENDANCE_IN_FLIGHT ?? 2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const total = PROJECTS * WORKERS * DAYS * 2;
  console.log(
    `${fmt(total)} punches: ${PROJECTS} projects × ${WORKERS} workers × ${DAYS} days × 2, ` +
      `${IN_FLIGHT} calls in flight; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`,
  );
  const b = await startBenchHub();
  const file = `/tmp/${b.databaseUrl.split('/').pop()}-punches.csv`;
  try {
    const setup = await timed(async () => void (world = await setUpWorld(b, PROJECTS, WORKERS)));
    console.log(
      `set-up (projects, teams, ${fmt(PROJECTS * WORKERS)} workers and contracts): ${setup.seconds.toFixed(1)} s`,
    );
    const month = lastMonth();
    const calls = world!.projectIds.map((id, p) => ({
      id,
      punches: punchesOf(world!.workers[p], month, DAYS),
    }));
    if (calls.some((c) => c.punches.length > 10_000))
      throw new Error('a project-month over 10,000 punches: lower the knobs');
    let accepted = 0;
    const hub = await timed(() =>
      inFlight(IN_FLIGHT, calls, async ({ id, punches }) => {
        const r = await b.gql<{ recordAttendance: { accepted: number; workersWithoutContract: number } }>(
          world!.contractor,
          `mutation($p: ID!, $a: [PunchInput!]!) { recordAttendance(projectId: $p, punches: $a) { accepted workersWithoutContract } }`,
          { p: id, a: punches },
        );
        accepted += r.recordAttendance.accepted;
      }),
    );
    const rows = writeCopyFile(file, world!, month, DAYS);
    await b.sql.query(
      `create table bench_raw_punch (like attendance_punch including defaults including constraints)`,
    );
    await b.sql.query(
      `alter table bench_raw_punch add primary key (project_id, id_number_hash, at, direction)`,
    );
    const raw = await timed(async () => {
      await b.sql.query(
        `copy bench_raw_punch (project_id, id_number_hash, at, direction, gate) from '${file}' with (format csv)`,
      );
    });
    const stored = Number((await b.sql.query(`select count(*) from attendance_punch`)).rows[0].count);
    const copied = Number((await b.sql.query(`select count(*) from bench_raw_punch`)).rows[0].count);
    if (accepted !== total || stored !== total || copied !== total || rows !== total)
      throw new Error(
        `rows: hub accepted ${accepted}, stored ${stored}, copied ${copied}; want ${total} each`,
      );
    const hubRate = total / hub.seconds;
    const rawRate = total / raw.seconds;
    console.log(
      `hub  ${fmt(hubRate)} punches/s (${hub.seconds.toFixed(1)} s, hub process CPU ${hub.nodeCpu.toFixed(2)} cores)`,
    );
    console.log(`COPY ${fmt(rawRate)} punches/s (${raw.seconds.toFixed(1)} s)`);
    console.log(`ratio ${(hubRate / rawRate).toFixed(2)}× (aim ≥ 0.3×)`);
    await payrollCheck(b, world!.projectIds, month);
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // never written
    }
    await b.close();
  }
}
let world: Awaited<ReturnType<typeof setUpWorld>> | undefined;

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
