// Runs TypeScript in place with decorator metadata (type-graphql and MikroORM need it; tsx/esbuild
// would drop it), so `npm start` needs no build step.
require('reflect-metadata');
require('@swc-node/register');
