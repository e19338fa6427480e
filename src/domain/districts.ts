/**
 * Benxi (本溪市) GB/T 2260 codes, from /work/shared/data/identifiers/benxi-gbt2260.csv, where three
 * independent datasets agree. 210501 市辖区 is a statistical placeholder, never a real place.
 */
export const CITY_DISTRICT = '210500';

export const BENXI_DISTRICTS: Readonly<Record<string, string>> = Object.freeze({
  '210502': '平山区',
  '210503': '溪湖区',
  '210504': '明山区',
  '210505': '南芬区',
  '210521': '本溪满族自治县',
  '210522': '桓仁满族自治县',
});

// hasOwn, not `in`: a code like "toString" must not match via the prototype.
export const isBenxiDistrict = (code: string): boolean => Object.hasOwn(BENXI_DISTRICTS, code);

/** Token claims may be scoped to the whole city as well as to one district. */
export const isBenxiScopeCode = (code: string): boolean => code === CITY_DISTRICT || isBenxiDistrict(code);
