import type { JobDefinition } from './job-definition';

/**
 * Every job the hub runs. The deadline engine's sweep and the outbox relay join this list with
 * their own issue; the registry checks names at start-up either way.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own data type
export const HUB_JOBS: readonly JobDefinition<any>[] = [];
