import {
  BENXI_DISTRICTS,
  CITY_DISTRICT,
  isBenxiDistrict,
  isBenxiScopeCode,
} from '../../src/domain/districts';

const SIX = {
  '210502': '平山区',
  '210503': '溪湖区',
  '210504': '明山区',
  '210505': '南芬区',
  '210521': '本溪满族自治县',
  '210522': '桓仁满族自治县',
};

test('the six county-level units of 本溪市, exactly', () => {
  expect(CITY_DISTRICT).toBe('210500');
  expect(BENXI_DISTRICTS).toEqual(SIX);
  expect(Object.isFrozen(BENXI_DISTRICTS)).toBe(true);
});

test.each(Object.keys(SIX))('%s is a district and a scope code', (code) => {
  expect(isBenxiDistrict(code)).toBe(true);
  expect(isBenxiScopeCode(code)).toBe(true);
});

test('the city code is a scope code but not a district', () => {
  expect(isBenxiDistrict('210500')).toBe(false);
  expect(isBenxiScopeCode('210500')).toBe(true);
});

test.each([
  ['210501', '市辖区 placeholder'],
  ['210511', '立新区, abolished 1984'],
  ['210000', '辽宁省'],
  ['210100', '沈阳市'],
  ['210506', 'unused'],
  ['2105', 'short city code'],
  ['21050', 'too short'],
  ['2105020', 'too long'],
  [' 210502', 'padded'],
  ['', 'empty'],
  ['toString', 'prototype key'],
  ['__proto__', 'prototype key'],
])('%j (%s) is neither', (code) => {
  expect(isBenxiDistrict(code)).toBe(false);
  expect(isBenxiScopeCode(code)).toBe(false);
});
