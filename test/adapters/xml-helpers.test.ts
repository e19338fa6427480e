import { DocumentRejected } from '../../adapters/bank-adapter';
import { toMinorUnits } from '../../adapters/xml/amount';
import { uniqueInDocument } from '../../adapters/xml/event-ids';
import { parseSafeXml } from '../../adapters/xml/safe-xml';
import {
  parseCompactDateTime,
  parseDb2Timestamp,
  parseIsoDateOrDateTime,
} from '../../adapters/xml/shanghai-time';
import { declaredEncoding } from '../../adapters/xml/xml-encoding';
import { textAt, toPlain } from '../../adapters/xml/xml-tree';
import { thrown } from './support';

const xml = (s: string) => parseSafeXml(Buffer.from(s, 'utf8'));
const rejection = (s: string) => {
  const e = thrown(() => xml(s));
  expect(e).toBeInstanceOf(DocumentRejected);
  return `${e.code}: ${e.message}`;
};

describe('toMinorUnits', () => {
  it.each([
    ['450.00', 45_000n],
    ['450', 45_000n],
    ['0.1', 10n],
    ['0.29', 29n], // 0.29 * 100 is 28.999999999999996 as a float
    ['-300.00', -30_000n],
    ['12.340', 1234n],
  ])('yuan %s -> %s fen', (s, fen) => expect(toMinorUnits(s)).toBe(fen));

  it('reads fen as an integer count', () => {
    expect(toMinorUnits('242', 'fen')).toBe(242n);
    expect(() => toMinorUnits('2.42', 'fen')).toThrow(/decimal places/);
  });

  it.each(['', '1e3', '12.345', 'abc', '1.2.3', ' - 5', '1,50', '1,234.00'])('refuses %j', (s) =>
    expect(() => toMinorUnits(s)).toThrow(),
  );
});

describe('dates', () => {
  it('puts ISO dates at Shanghai midnight and honours stated offsets', () => {
    expect(parseIsoDateOrDateTime('2024-03-01').toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(parseIsoDateOrDateTime('2007-10-18T13:15:00+01:00').toISOString()).toBe(
      '2007-10-18T12:15:00.000Z',
    );
    expect(parseIsoDateOrDateTime('2014-01-06T16:20:26.673Z').toISOString()).toBe('2014-01-06T16:20:26.673Z');
    expect(parseIsoDateOrDateTime('2022-01-26T23:40:40').toISOString()).toBe('2022-01-26T15:40:40.000Z');
  });

  it('reads the compact and DB2 forms of Chinese banks', () => {
    expect(parseCompactDateTime('20060915', '150858').toISOString()).toBe('2006-09-15T07:08:58.000Z');
    expect(parseCompactDateTime('2006-09-15', null).toISOString()).toBe('2006-09-14T16:00:00.000Z');
    expect(parseDb2Timestamp('2017-10-18-09.51.49.438583').toISOString()).toBe('2017-10-18T01:51:49.438Z');
  });

  it.each([['2024-02-30'], ['2024-13-01'], ['2024-03-01T25:00:00'], ['yesterday']])('refuses %s', (s) =>
    expect(() => parseIsoDateOrDateTime(s)).toThrow(),
  );
});

describe('parseSafeXml', () => {
  it('strips namespace prefixes and xmlns attributes, keeps other attributes', () => {
    const root = xml(
      '<a:Doc xmlns:a="urn:a" xmlns="urn:b"><a:Amt Ccy="CNY">1.00</a:Amt><Amt a:x="y"/></a:Doc>',
    );
    expect(root.name).toBe('Doc');
    expect(root.attrs).toEqual({});
    expect(toPlain(root)).toEqual({ Amt: [{ '@Ccy': 'CNY', '#text': '1.00' }, { '@x': 'y' }] });
  });

  it('resolves predefined entities and character references, leaves CDATA alone', () => {
    expect(textAt(xml('<a><b>A &amp; B &lt;&#20013;&#x6587;&gt;</b></a>'), 'b')).toBe('A & B <中文>');
    expect(textAt(xml('<a><b><![CDATA[&amp; stays]]></b></a>'), 'b')).toBe('&amp; stays');
  });

  it('refuses undefined entities, bare ampersands and bad character references', () => {
    expect(rejection('<a>&nbsp;</a>')).toMatch(/^MALFORMED_XML: .*undefined entity &nbsp;/);
    expect(rejection('<a>&constructor;</a>')).toMatch(/^MALFORMED_XML/);
    expect(rejection('<a>fish & chips</a>')).toMatch(/^MALFORMED_XML/);
    expect(rejection('<a>&#0;</a>')).toMatch(/^MALFORMED_XML: .*not an XML character/);
  });

  it('says where and why a document is malformed', () => {
    expect(rejection('<a><b>1</c></a>')).toMatch(
      /^MALFORMED_XML: malformed XML at line 1, column \d+: Expected closing tag 'b'/,
    );
    expect(rejection('<a><b>1</b>')).toMatch(/^MALFORMED_XML: .*Unclosed tag 'a'/);
    expect(rejection('<a><b>1</b><c>')).toMatch(
      /^MALFORMED_XML: .*document ends inside <a>\/<c> \(truncated\?\)/,
    );
    expect(rejection('<a/><b/>')).toMatch(/^MALFORMED_XML: .*one root element, found 2/);
    expect(rejection('')).toMatch(/^MALFORMED_XML/);
  });

  it('tolerates whitespace a gateway put before the declaration', () => {
    expect(xml('\r\n  <?xml version="1.0"?><a/>').name).toBe('a');
  });

  it('reads the declared encoding on the raw bytes, whatever the quoting and spacing', () => {
    expect(declaredEncoding(Buffer.from('<?xml  version="1.0" encoding="GBK" ?><CMS/>'))).toBe('gbk');
    expect(declaredEncoding(Buffer.from(`<?xml version='1.0' encoding = 'UTF-8'?><a/>`))).toBe('utf-8');
    expect(declaredEncoding(Buffer.from('<a encoding="gbk"/>'))).toBeNull();
  });
});

describe('uniqueInDocument', () => {
  it('suffixes later duplicates in document order and leaves the first alone', () => {
    const ids = uniqueInDocument([
      { bankEventId: 'x' },
      { bankEventId: 'y' },
      { bankEventId: 'x' },
      { bankEventId: 'x' },
    ]);
    expect(ids.map((e) => e.bankEventId)).toEqual(['x', 'y', 'x#2', 'x#3']);
  });
});
