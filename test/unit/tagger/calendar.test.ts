/**
 * calendar.ts reads the common date phrases without chrono-node (its first parse costs a process about 250 ms
 * of CPU). Its answers must be chrono's: the deadline extractor used chrono for all of them before, and every
 * other shape still goes to chrono. chrono is the oracle here, over six years of reference days (every month's
 * first, middle and last days, and a stretch of consecutive days for the weekdays).
 */
import * as chrono from "chrono-node";
import { describe, expect, it } from "vitest";
import { type Day, readCommonDate } from "../../../lambdas/core/tagger/calendar.ts";

function viaChrono(text: string, ref: Day, forwardDate: boolean) {
  const reference = { instant: new Date(Date.UTC(ref.y, ref.m - 1, ref.d)), timezone: 0 };
  const r =
    chrono.strict.parse(text, reference, { forwardDate })[0] ??
    chrono.casual.parse(text, reference, { forwardDate })[0];
  if (!r) return undefined;
  return {
    y: r.start.get("year"),
    m: r.start.get("month"),
    d: r.start.get("day"),
    yearCertain: r.start.isCertain("year"),
    dayCertain: r.start.isCertain("day"),
  };
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const references: Day[] = [];
for (let y = 2023; y <= 2028; y++)
  for (let m = 1; m <= 12; m++)
    for (const d of [1, 2, 15, 28, 29, 30, 31]) if (d <= daysIn(y, m)) references.push({ y, m, d });
for (let i = 0; i < 14; i++) references.push({ y: 2026, m: 3, d: 1 + i });

const monthDays = [
  "March 29",
  "Jan 1",
  "Dec. 31",
  "Sept. 3",
  "Sep 30",
  "February 28",
  "June 15th",
  "April 1st",
  "October 2, 1987",
  "July 4 2026",
  "3 March",
  "31 December 2027",
  "21st of June",
  "1 may",
  "NOV 30",
];
const relative = ["yesterday", "today", "tomorrow", "Friday", "sunday", "Monday", "Wednesday", "Saturday"];
const durations = ["in 1 day", "in 30 days", "in 2 weeks", "in 1 month", "in 6 months", "in 48 hours"];
const durationsAhead = [...durations, "in 12 hours", "in 1 year", "in 3 years", "in 10 days"];

describe("readCommonDate agrees with chrono-node", () => {
  it("on a month and a day, with or without a year (the year closest to the reference)", () => {
    let compared = 0;
    for (const ref of references)
      for (const text of monthDays) {
        const direct = readCommonDate(text, ref, false);
        expect(direct, text).toBeDefined();
        // chrono sets the phrase's month on the reference date before its day, so from the 31st a 30-day
        // month overflows into the next one and it measures from the wrong day (see the next test).
        if (ref.d > daysIn(ref.y, direct?.m ?? 1)) continue;
        expect(direct, `${text} @ ${JSON.stringify(ref)}`).toEqual(viaChrono(text, ref, false));
        compared++;
      }
    expect(compared).toBeGreaterThan(references.length * monthDays.length * 0.9);
  });

  it("takes the closest year where chrono's month overflow misjudges it", () => {
    // From 31 March 2023, 3 September 2023 is 156 days ahead and 3 September 2022 is 209 days back; chrono
    // measures from 3 October (31 March with September set, overflowed) and picks 2022.
    const ref = { y: 2023, m: 3, d: 31 };
    expect(readCommonDate("Sept. 3", ref, false)).toMatchObject({ y: 2023, m: 9, d: 3 });
    expect(viaChrono("Sept. 3", ref, false)).toMatchObject({ y: 2022, m: 9, d: 3 });
  });

  it("on weekdays and yesterday/today/tomorrow, looking forward or to the closest day", () => {
    for (const ref of references)
      for (const text of relative)
        for (const forward of [true, false]) {
          const direct = readCommonDate(text, ref, forward);
          expect(direct, text).toBeDefined();
          expect(direct, `${text} forward=${forward} @ ${JSON.stringify(ref)}`).toEqual(
            viaChrono(text, ref, forward),
          );
        }
  });

  it("on counts of hours, days, weeks, months and years from the reference day", () => {
    for (const ref of references)
      for (const text of durationsAhead) {
        const direct = readCommonDate(text, ref, true);
        expect(direct, text).toBeDefined();
        expect(direct, `${text} @ ${JSON.stringify(ref)}`).toEqual(viaChrono(text, ref, true));
      }
    for (const ref of references.slice(0, 40))
      for (const text of durations)
        expect(readCommonDate(text, ref, false)).toEqual(viaChrono(text, ref, false));
  });

  it("leaves every other shape to chrono", () => {
    const ref = { y: 2026, m: 3, d: 14 };
    for (const text of [
      "February 30",
      "February 29",
      "next Friday",
      "last Monday",
      "Friday night",
      "the end of May",
      "March",
      "in a few days",
      "13/04/2026",
      "March 29 at noon",
    ])
      expect(readCommonDate(text, ref, false), text).toBeUndefined();
    expect(readCommonDate("March 29", ref, true)).toBeUndefined();
  });
});
