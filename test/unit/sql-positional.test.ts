import { limitLiteral, positionalText } from '../../src/db/sql';

// The direct read path must bind exactly as knex's raw would, or a read would run with its values
// in the wrong places.
describe('positionalText: `?` placeholders as PostgreSQL bind parameters', () => {
  it('numbers the placeholders in order', () => {
    expect(
      positionalText('select * from project p where p.id = ? and p.district_code = any(?) limit ?'),
    ).toBe('select * from project p where p.id = $1 and p.district_code = any($2) limit $3');
  });

  it('leaves an escaped \\? as a literal question mark, as knex does', () => {
    expect(positionalText("select 'a\\?b' as t, ? as v")).toBe("select 'a?b' as t, $1 as v");
  });

  it('gives a text with an identifier binding (??) back to knex', () => {
    expect(positionalText('select ?? from project where id = ?')).toBeNull();
  });

  it('answers the same for the same text (kept) and for a text with no placeholder', () => {
    const text = 'select count(*)::int as n from alert a where a.status = ?';
    expect(positionalText(text)).toBe(positionalText(text));
    expect(positionalText('select 1')).toBe('select 1');
  });
});

// A page's limit goes into the text (see limitLiteral): only a whole page size may.
describe('limitLiteral', () => {
  it('writes a page size as digits', () => {
    expect(limitLiteral(51)).toBe('51');
    expect(limitLiteral(0)).toBe('0');
  });

  it.each([1.5, -1, 10_001, Number.NaN, Infinity])('refuses %p', (n) => {
    expect(() => limitLiteral(n)).toThrow(/is not a page's limit/);
  });
});
