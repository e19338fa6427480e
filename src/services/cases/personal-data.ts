import { badInput } from '../../domain/errors';
import { checkResidentId, normalizeResidentId } from '../../domain/identifiers';
import { requiredText } from '../context';

const REASONS = {
  format: 'is not an 18-character resident ID number (17 digits and a digit or X, a real province code)',
  date: 'does not carry a real birth date',
  checksum: 'check character does not match (GB 11643)',
} as const;

/**
 * A resident ID number as stored (upper-case X), or BAD_USER_INPUT naming `field`. The message
 * never repeats the number: errors are logged and shown, the number is personal data.
 */
export function requireResidentId(value: string, field: string): string {
  const id = normalizeResidentId(value.trim());
  const check = checkResidentId(id);
  if (!check.ok) throw badInput(field, REASONS[check.reason]);
  return id;
}

/** A person named with an ID number (a legal representative, a worker, a responsible person). */
export function requirePerson(
  input: { name: string; idNumber: string },
  field: string,
  names: { name: string; idNumber: string } = { name: 'name', idNumber: 'idNumber' },
): { name: string; idNumber: string } {
  return {
    name: requiredText(input.name, `${field}.${names.name}`, 100),
    idNumber: requireResidentId(input.idNumber, `${field}.${names.idNumber}`),
  };
}
