/**
 * Digest periods in a community's time zone. A digest covers the seven local days before the day it fires:
 * fired on Monday 09:00 Europe/Paris, it covers Monday 00:00 → Sunday 24:00 Paris time of the week before.
 * Using local midnights (not "now − 7 days") keeps the period identical across retries and workers, which is
 * what makes (community, period_start) a sound idempotency key.
 */

/** A half-open interval [start, end) plus its local calendar dates. */
export interface Period {
  start: Date;
  end: Date;
  /** First local day, YYYY-MM-DD. */
  startDate: string;
  /** Last local day (inclusive), YYYY-MM-DD. */
  endDate: string;
  tz: string;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** True when `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of an instant in a zone. */
export function localParts(instant: Date, tz: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** The UTC instant of local midnight on a date in a zone (DST-safe: corrects the guess by the zone's offset). */
export function zonedMidnight(date: LocalDate, tz: string): Date {
  const target = Date.UTC(date.year, date.month - 1, date.day);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), tz);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    if (seen === target) break;
    guess += target - seen;
  }
  return new Date(guess);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function iso(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function parseIso(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number);
  return { year, month, day };
}

/** The period starting on a local date (7 days). */
export function periodStartingOn(startDate: string, tz: string): Period {
  const first = parseIso(startDate);
  const next = addDays(first, 7);
  return {
    start: zonedMidnight(first, tz),
    end: zonedMidnight(next, tz),
    startDate: iso(first),
    endDate: iso(addDays(first, 6)),
    tz,
  };
}

/** The seven local days before the local day of `fireTime`. */
export function digestPeriod(fireTime: Date, tz: string): Period {
  const p = localParts(fireTime, tz);
  return periodStartingOn(iso(addDays({ year: p.year, month: p.month, day: p.day }, -7)), tz);
}

/** The period `weeks` weeks before `period` (1 = the previous week). */
export function periodBefore(period: Period, weeks = 1): Period {
  return periodStartingOn(iso(addDays(parseIso(period.startDate), -7 * weeks)), period.tz);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "6–12 Jan", or "29 Dec – 4 Jan" across months. */
export function periodLabel(period: Period): string {
  const a = parseIso(period.startDate);
  const b = parseIso(period.endDate);
  return a.month === b.month
    ? `${a.day}–${b.day} ${MONTHS[b.month - 1]}`
    : `${a.day} ${MONTHS[a.month - 1]} – ${b.day} ${MONTHS[b.month - 1]}`;
}

/** "6 Jan" for a YYYY-MM-DD date. */
export function dayMonth(date: string): string {
  const d = parseIso(date);
  return `${d.day} ${MONTHS[d.month - 1]}`;
}
