/**
 * Calendar phrases read as days: "March 29", "29 March 1987", "the 3rd of March", "Sept. 3, 1987", "Friday",
 * "next Friday", "last Monday", "Friday night", "in 30 days", "tomorrow". These are every shape the deadline
 * phrases hand over once deadline.ts has applied its own calendar rules (month ends, quarters, holidays, "the
 * 20th"). They were chrono-node's; reading them here keeps chrono out of the functions (47 KB of each ingest
 * bundle) and spares each process chrono's first parse, which compiles its many patterns (about 250 ms of CPU,
 * issue 9). The answers are chrono's (test/unit/tagger/calendar.test.ts compares both over years of reference
 * days), with one deliberate exception: a month and day without a year takes the year closest to the
 * reference day, where chrono, from the 29th to the 31st, measures from an overflowed month.
 * - a month and day without a year: the closest year (`forward`: the next on or after the reference day, or on
 *   or after `graceDays` before it);
 * - a weekday: the next on or after the reference day (`forward`) or the closest; "this" looks forward, "last"
 *   back, "next" as chrono reads it (from Sunday, the coming week's day; from Saturday, the week after's;
 *   otherwise the coming day if earlier in the week than today, else the one a week later); "Friday next week"
 *   is that day of the Monday-to-Sunday week after the reference day's; a part of the day ("Friday night") does
 *   not move it;
 * - a count of hours, days, weeks, months or years from the reference day, months and years with JavaScript
 *   date arithmetic as chrono does it (31 January + 1 month is 3 March).
 */

/** A reference or resolved calendar day (months 1..12). */
export interface Day {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/** A resolved phrase: the day, and whether the phrase itself fixed the year and the day (not the reference). */
export interface CalendarDate extends Day {
  readonly yearCertain: boolean;
  readonly dayCertain: boolean;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// Full names, three-letter abbreviations (with or without a full stop) and "Sept".
const MONTH =
  "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";
const ORD = "(\\d{1,2})(?:st|nd|rd|th)?";
const YEAR = "((?:19|20)\\d\\d)";
const MONTH_DAY_RE = new RegExp(`^${MONTH} ${ORD}(?:,? ${YEAR})?$`);
const DAY_MONTH_RE = new RegExp(`^(?:the )?${ORD} (?:of )?${MONTH}(?:,? ${YEAR})?$`);
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const WEEKDAY_RE = new RegExp(
  `^(?:(this|next|last) )?(${WEEKDAYS.join("|")})(?: (?:night|morning|evening|midnight)| (next week))?$`,
);
const DURATION_RE = /^in (\d{1,4}) (hour|day|week|month|year)s?$/;
const RELATIVE: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 };

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const dayOf = (date: Date): Day => ({
  y: date.getUTCFullYear(),
  m: date.getUTCMonth() + 1,
  d: date.getUTCDate(),
});
const plusDays = (day: Day, n: number): Day => dayOf(utc(day.y, day.m, day.d + n));
export const lastDayOf = (y: number, m: number) => utc(y, m + 1, 0).getUTCDate();
const isValid = (y: number, m: number, d: number) => d >= 1 && d <= lastDayOf(y, m);

/** 1..12 for a month name or abbreviation ("Sept.", "June"), by its first three letters. */
export function monthIndex(word: string): number | undefined {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i + 1;
}

export type CountUnit = "hour" | "day" | "week" | "month" | "year";

/** `n` units from the reference day (its midnight, UTC), months and years with JavaScript date arithmetic. */
export function countFrom(ref: Day, n: number, unit: CountUnit): CalendarDate {
  const date =
    unit === "hour"
      ? new Date(utc(ref.y, ref.m, ref.d).getTime() + n * 3_600_000)
      : unit === "day"
        ? utc(ref.y, ref.m, ref.d + n)
        : unit === "week"
          ? utc(ref.y, ref.m, ref.d + 7 * n)
          : unit === "month"
            ? utc(ref.y, ref.m + n, ref.d)
            : utc(ref.y + n, ref.m, ref.d);
  // chrono fixes the day of a count of hours, days or weeks; of months or years it only implies it.
  return { ...dayOf(date), yearCertain: true, dayCertain: unit !== "month" && unit !== "year" };
}

/** The year that puts month/day closest to the reference day (this year on a tie), among those it exists in. */
function closestYear(ref: Day, m: number, d: number): number | undefined {
  const at = utc(ref.y, ref.m, ref.d).getTime();
  const distance = (y: number) => (isValid(y, m, d) ? Math.abs(utc(y, m, d).getTime() - at) : Infinity);
  const here = distance(ref.y);
  const best = distance(ref.y + 1) < here ? ref.y + 1 : distance(ref.y - 1) < here ? ref.y - 1 : ref.y;
  return isValid(best, m, d) ? best : undefined;
}

function monthDay(
  ref: Day,
  monthName: string,
  dayText: string,
  yearText: string | undefined,
  forward: boolean,
  graceDays: number,
) {
  const m = monthIndex(monthName) as number; // the pattern matched a month name
  const d = Number(dayText);
  if (yearText !== undefined) {
    const y = Number(yearText);
    return isValid(y, m, d) ? { y, m, d, yearCertain: true, dayCertain: true } : undefined;
  }
  let y = closestYear(ref, m, d);
  if (y === undefined) return undefined; // "February 30"
  // Forward: the next such day on or after the reference day, less the grace (29 February: within the next leap
  // years).
  const refTime = utc(ref.y, ref.m, ref.d - graceDays).getTime();
  for (let i = 0; forward && i < 8 && (!isValid(y, m, d) || utc(y, m, d).getTime() < refTime); i++) y++;
  return isValid(y, m, d) ? { y, m, d, yearCertain: false, dayCertain: true } : undefined;
}

/** Days from the reference day to the weekday, as chrono counts them for each modifier. */
function daysToWeekday(ref: Day, weekday: number, modifier: string | undefined, forward: boolean): number {
  const today = utc(ref.y, ref.m, ref.d).getUTCDay();
  const ahead = (weekday - today + 7) % 7;
  const back = ahead === 0 ? -7 : ahead - 7;
  switch (modifier) {
    case "this":
      return ahead;
    case "last":
      // chrono's forward refiner moves a past weekday to its next occurrence (a week on, for today's).
      return forward ? ahead || 7 : back;
    case "next week": {
      // "Friday next week": that day of the week (Monday to Sunday) after the reference day's.
      const fromMonday = (d: number) => (d + 6) % 7;
      return 7 - fromMonday(today) + fromMonday(weekday);
    }
    case "next":
      if (today === 0) return weekday === 0 ? 7 : weekday;
      if (today === 6) return weekday === 6 ? 7 : weekday === 0 ? 8 : 1 + weekday;
      return weekday < today && weekday !== 0 ? ahead : ahead + 7;
    default:
      return forward || ahead < -back ? ahead : back;
  }
}

/**
 * `text` (single spaces) read as a day, or undefined when it names none of these shapes or no real day
 * ("February 30"). `forward`: a weekday or a month and day on or after the reference day, not the closest; a
 * month and day may also lie up to `graceDays` before it.
 */
export function readCommonDate(
  text: string,
  ref: Day,
  forward: boolean,
  graceDays = 0,
): CalendarDate | undefined {
  const t = text.toLowerCase();
  const rel = RELATIVE[t];
  if (rel !== undefined) return { ...plusDays(ref, rel), yearCertain: true, dayCertain: true };
  const wd = WEEKDAY_RE.exec(t);
  if (wd) {
    const n = daysToWeekday(ref, WEEKDAYS.indexOf(wd[2] as string), wd[3] ?? wd[1], forward);
    return { ...plusDays(ref, n), yearCertain: false, dayCertain: false };
  }
  const dur = DURATION_RE.exec(t);
  if (dur) return countFrom(ref, Number(dur[1]), dur[2] as CountUnit);
  let m = MONTH_DAY_RE.exec(t);
  if (m) return monthDay(ref, m[1] as string, m[2] as string, m[3], forward, graceDays);
  m = DAY_MONTH_RE.exec(t);
  if (m) return monthDay(ref, m[2] as string, m[1] as string, m[3], forward, graceDays);
  return undefined;
}

// The same shapes anywhere in a phrase, after words calendarPart keeps ("12 midnight on April 3", "5 p.m.
// local time Friday"): the earliest one is the day, as chrono took the first date it found.
const EMBEDDED = [
  new RegExp(`\\b${MONTH} ${ORD}(?:,? ${YEAR})?(?![\\w])`, "g"),
  new RegExp(`\\b(?:the )?${ORD} (?:of )?${MONTH}(?:,? ${YEAR})?(?![\\w])`, "g"),
  new RegExp(`\\b(?:(?:this|next|last) )?(?:${WEEKDAYS.join("|")})(?![\\w])`, "g"),
];

/** The earliest day named inside `text` (see readCommonDate), or undefined. */
export function readEmbeddedDate(
  text: string,
  ref: Day,
  forward: boolean,
  graceDays = 0,
): CalendarDate | undefined {
  const t = text.toLowerCase();
  let first: RegExpExecArray | undefined;
  for (const re of EMBEDDED) {
    re.lastIndex = 0;
    const m = re.exec(t);
    if (m && (first === undefined || m.index < first.index)) first = m;
  }
  return first && readCommonDate(first[0], ref, forward, graceDays);
}
