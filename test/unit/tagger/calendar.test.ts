/**
 * calendar.ts reads the date phrases the deadline extractor hands over, without chrono-node (47 KB of each
 * ingest bundle, and about 250 ms of CPU on its first parse). Its answers must be chrono's, which the extractor
 * used before: chrono (a dev dependency now) is the oracle here, over six years of reference days (every
 * month's first, middle and last days, and a stretch of consecutive days for the weekdays).
 */
import * as chrono from "chrono-node";
import { describe, expect, it } from "vitest";
import { type Day, readCommonDate, readEmbeddedDate } from "../../../lambdas/core/tagger/calendar.ts";

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
  "the 3rd of March",
  "the 21st of June",
];
const relative = [
  "yesterday",
  "today",
  "tomorrow",
  "Friday",
  "sunday",
  "Monday",
  "Wednesday",
  "Saturday",
  "this Friday",
  "this Sunday",
  "next Friday",
  "next Sunday",
  "next Saturday",
  "next Monday",
  "next Wednesday",
  "last Friday",
  "last Sunday",
  "last Saturday",
  "Friday night",
  "Sunday morning",
  "Tuesday evening",
  "Thursday midnight",
];
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
        // Looking forward (asked for no month and day today, but part of the reading).
        expect(readCommonDate(text, ref, true), `${text} forward @ ${JSON.stringify(ref)}`).toEqual(
          viaChrono(text, ref, true),
        );
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
    // Every weekday of the reference is in the consecutive stretch; a quarter of the rest keeps this quick.
    for (const ref of references.filter((_, i) => i % 4 === 0 || i >= references.length - 14))
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

  it("reads 29 February in the closest year that has one, and no impossible day", () => {
    expect(readCommonDate("February 29", { y: 2027, m: 3, d: 10 }, false)).toMatchObject({
      y: 2028,
      m: 2,
      d: 29,
    });
    expect(readCommonDate("February 29", { y: 2027, m: 1, d: 10 }, true)).toMatchObject({
      y: 2028,
      m: 2,
      d: 29,
    });
    expect(readCommonDate("February 30", { y: 2027, m: 1, d: 10 }, false)).toBeUndefined();
    expect(readCommonDate("April 31, 2026", { y: 2027, m: 1, d: 10 }, false)).toBeUndefined();
  });

  it("looking forward with a grace, keeps a month and day up to that many days past, else the next one", () => {
    const ref = { y: 2024, m: 4, d: 10 };
    // 26 days past: within a 31-day grace it is this year's; without one, next year's.
    expect(readCommonDate("March 15", ref, true, 31)).toMatchObject({ y: 2024, m: 3, d: 15 });
    expect(readCommonDate("March 15", ref, true)).toMatchObject({ y: 2025, m: 3, d: 15 });
    // 41 days past: beyond the grace, the next one.
    expect(readCommonDate("1 March", ref, true, 31)).toMatchObject({ y: 2025, m: 3, d: 1 });
    // The grace never moves a day that is still to come, nor one inside a longer phrase.
    expect(readCommonDate("October 31", ref, true, 31)).toMatchObject({ y: 2024, m: 10, d: 31 });
    expect(readEmbeddedDate("no later than the close of March 15", ref, true, 31)).toMatchObject({
      y: 2024,
      m: 3,
      d: 15,
    });
    // 29 February, said in a year without one: the next leap year's, not the one gone by.
    expect(readCommonDate("February 29", { y: 2025, m: 6, d: 1 }, true, 31)).toMatchObject({ y: 2028 });
  });

  it("names no day for other shapes (deadline.ts applies its calendar rules to those first)", () => {
    const ref = { y: 2026, m: 3, d: 14 };
    for (const text of [
      "the end of May",
      "March",
      "in a few days",
      "13/04/2026",
      "March 29 at noon",
      "Friday week",
      "next month",
    ])
      expect(readCommonDate(text, ref, false), text).toBeUndefined();
  });

  it("finds the earliest day inside a longer phrase, as chrono took the first date it found", () => {
    const ref = { y: 2026, m: 3, d: 14 };
    for (const [text, forward] of [
      ["12 midnight on April 3", false],
      ["noon, Eastern time, the 3rd of April 2026", false],
      ["the close of trading next Monday", true],
    ] as const)
      expect(readEmbeddedDate(text, ref, forward), text).toEqual(viaChrono(text, ref, forward));
    expect(readEmbeddedDate("12 midnight on April 3", ref, false)).toMatchObject({ y: 2026, m: 4, d: 3 });
    // chrono would take "5 p.m." (today) here; the day named is Friday (deadline.ts drops leading times first).
    expect(readEmbeddedDate("5 p.m. local time Friday", ref, true)).toMatchObject({ y: 2026, m: 3, d: 20 });
    expect(readEmbeddedDate("sometime soon", ref, false)).toBeUndefined();
  });
});
