import type { Config } from '../src/config';
import type { JobDefinition, JobSchedule } from './job-definition';
import { blacklistMaintenanceJob } from './blacklist-maintenance.job';
import { auditRetentionJob } from './audit-retention.job';
import { rawArchiveRetentionJob } from './raw-archive-retention.job';
import { calendarWatchJob } from './calendar-watch.job';
import { complianceSweepJob, complianceSweepPartitionJob } from './compliance-sweep.job';
import { noticeRelayJob } from './notice-relay.job';
import { monthlyReportsJob } from './monthly-reports.job';
import { WARNING_SWEEP_CRON, warningSweepJob } from './warning-sweep.job';

/**
 * Every job the hub runs; the registry checks at start-up that each name has exactly one handler.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own data type
export const HUB_JOBS: readonly JobDefinition<any>[] = [
  complianceSweepJob,
  complianceSweepPartitionJob,
  noticeRelayJob,
  blacklistMaintenanceJob,
  calendarWatchJob,
  auditRetentionJob,
  rawArchiveRetentionJob,
  monthlyReportsJob,
  warningSweepJob,
];

/** The hub's timetable, from its configuration. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own data type
export function hubSchedules(config: Config): JobSchedule<any>[] {
  return [
    {
      id: 'compliance-sweep-daily',
      job: complianceSweepJob,
      repeat: { pattern: config.complianceSweepCron, tz: 'Asia/Shanghai' },
      data: {},
    },
    { id: 'notice-relay', job: noticeRelayJob, repeat: { every: config.noticeRelayEveryMs }, data: {} },
    {
      id: 'blacklist-maintenance-daily',
      job: blacklistMaintenanceJob,
      repeat: { pattern: config.complianceSweepCron, tz: 'Asia/Shanghai' },
      data: {},
    },
    {
      id: 'calendar-watch-daily',
      job: calendarWatchJob,
      repeat: { pattern: config.complianceSweepCron, tz: 'Asia/Shanghai' },
      data: {},
    },
    {
      id: 'audit-retention-daily',
      job: auditRetentionJob,
      repeat: { pattern: config.complianceSweepCron, tz: 'Asia/Shanghai' },
      data: {},
    },
    {
      id: 'raw-archive-retention-daily',
      job: rawArchiveRetentionJob,
      repeat: { pattern: config.complianceSweepCron, tz: 'Asia/Shanghai' },
      data: {},
    },
    {
      id: 'monthly-reports',
      job: monthlyReportsJob,
      repeat: { pattern: config.reportsMonthlyCron, tz: 'Asia/Shanghai' },
      data: {},
    },
    {
      id: 'warning-sweep-daily',
      job: warningSweepJob,
      repeat: { pattern: WARNING_SWEEP_CRON, tz: 'Asia/Shanghai' },
      data: {},
    },
  ];
}
