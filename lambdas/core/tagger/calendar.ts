/**
 * The calendar phrases a deadline most often names, read directly: "March 29", "29 March 1987", "Sept. 3, 1987",
 * "Friday", "in 30 days", "tomorrow". They are most of what reaches a date parser (on the shared corpora 570
 * of 574 phrases), and reading them here spares each process chrono-node's first parse, which compiles its
 * many patterns (about 250 ms of CPU, issue 9). Every other phrase goes to chrono (deadline.ts), and the
 * answers agree with chrono's on these shapes (test/unit/tagger/calendar.test.ts compares both over years of
 * reference days): a month and day without a year takes the year closest to the reference day, a weekday
 * looks forward (`forward`) or to the closest such day, a duration counts from the reference day with
 * month and year arithmetic as JavaScript dates do it (31 January + 1 month is 3 March).
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
const DAY_MONTH_RE = new RegExp(`^${ORD} (?:of )?${MONTH}(?:,? ${YEAR})?$`);
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const DURATION_RE = /^in (\d{1,4}) (hour|day|week|month|year)s?$/;
const RELATIVE: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 };

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const dayOf = (date: Date): Day => ({
  y: date.getUTCFullYear(),
  m: date.getUTCMonth() + 1,
  d: date.getUTCDate(),
});
const plusDays = (day: Day, n: number): Day => dayOf(utc(day.y, day.m, day.d + n));
const isValid = (y: number, m: number, d: number) => d >= 1 && d <= utc(y, m + 1, 0).getUTCDate();

/** The year that puts month/day closest to the reference day (this year on a tie). */
function closestYear(ref: Day, m: number, d: number): number {
  const at = utc(ref.y, ref.m, ref.d).getTime();
  const distance = (y: number) => Math.abs(utc(y, m, d).getTime() - at);
  const here = distance(ref.y);
  if (distance(ref.y + 1) < here) return ref.y + 1;
  if (distance(ref.y - 1) < here) return ref.y - 1;
  return ref.y;
}

function monthDay(ref: Day, monthName: string, dayText: string, yearText: string | undefined) {
  const m = MONTHS.indexOf(monthName.slice(0, 3)) + 1;
  const d = Number(dayText);
  if (yearText !== undefined) {
    const y = Number(yearText);
    return isValid(y, m, d) ? { y, m, d, yearCertain: true, dayCertain: true } : undefined;
  }
  // 29 February is valid in some year near the reference: chrono decides that one.
  if (!isValid(ref.y, m, d)) return undefined;
  const y = closestYear(ref, m, d);
  return isValid(y, m, d) ? { y, m, d, yearCertain: false, dayCertain: true } : undefined;
}

/**
 * `text` read as one of the common shapes (case-insensitive, single spaces), or undefined: another shape, or
 * one chrono should judge (an impossible day such as "February 30"). `forward`: a weekday on or after the
 * reference day rather than the closest; a month and day is read only without it (the only way it is asked).
 */
export function readCommonDate(text: string, ref: Day, forward: boolean): CalendarDate | undefined {
  const t = text.toLowerCase();
  const rel = RELATIVE[t];
  if (rel !== undefined) return { ...plusDays(ref, rel), yearCertain: true, dayCertain: true };
  const weekday = WEEKDAYS.indexOf(t);
  if (weekday >= 0) {
    const today = utc(ref.y, ref.m, ref.d).getUTCDay();
    const ahead = (weekday - today + 7) % 7;
    const back = ahead === 0 ? -7 : ahead - 7;
    const n = forward || ahead < -back ? ahead : back;
    return { ...plusDays(ref, n), yearCertain: false, dayCertain: false };
  }
  const dur = DURATION_RE.exec(t);
  if (dur) {
    const n = Number(dur[1]);
    const unit = dur[2];
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
  if (forward) return undefined;
  let m = MONTH_DAY_RE.exec(t);
  if (m) return monthDay(ref, m[1] as string, m[2] as string, m[3]);
  m = DAY_MONTH_RE.exec(t);
  if (m) return monthDay(ref, m[2] as string, m[1] as string, m[3]);
  return undefined;
}
