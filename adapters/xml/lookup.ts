/** Own-property lookup: a bank-sent code such as "constructor" must not hit Object.prototype. */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string | null | undefined): V | undefined {
  return key != null && Object.hasOwn(table, key) ? table[key] : undefined;
}
