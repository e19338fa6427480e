import { acceptsOnlyApplicationJson } from '../../src/http/graphql-over-http-status';

describe('which clients accept only application/json', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/json, application/graphql-response+json;q=0', true],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['application/json, */*', false],
    ['application/json, application/*;q=0.5', false],
    ['*/*', false],
    ['', false],
    [undefined, false],
  ])('%p: %p', (accept, expected) => {
    expect(acceptsOnlyApplicationJson(accept)).toBe(expected);
  });
});
