// A worker thread starts in plain Node: neither `npm start`'s `-r ./src/register.js` nor jest's
// transform reach it. It registers the app's own TypeScript loader (reflect-metadata and
// @swc-node/register), then runs the module it was started for (src/typescript-worker.ts).
require('./register.js');
require(process.argv[2]);
