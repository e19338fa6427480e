// A worker thread starts without its parent's loaders (neither `npm start`'s `-r ./src/register.js`
// nor jest's transform reach it): it registers the hub's own TypeScript loader, then the worker.
require('../register.js');
require('./worker.ts');
