// The batch reader's worker thread starts here, in plain Node: under `npm start` and under jest
// alike it has no TypeScript loader of its own (jest's transform does not reach worker threads), so
// it loads the app's (reflect-metadata and @swc-node/register) before the TypeScript it runs.
/* eslint-disable @typescript-eslint/no-require-imports, no-undef */
require('../../register.js');
require('./worker.ts');
