/** True for an IANA time zone this runtime knows ("Europe/Paris", "UTC"; not "CET" or "+02:00"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}
