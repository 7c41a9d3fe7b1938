/**
 * SQLite hands timestamps back as numbers or strings, PostgreSQL as Date; the stores
 * convert at their boundary so the rest of the code only sees Date.
 */
export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toOptionalDate(
  value: Date | string | number | null | undefined,
): Date | undefined {
  return value === null || value === undefined ? undefined : toDate(value);
}
