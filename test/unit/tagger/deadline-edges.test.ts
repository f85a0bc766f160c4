/**
 * The deadline extractor's own calendar rules (deadline.ts), each on a reference day that tells the rule from a
 * near miss: company quarters and halves, holidays, "the end of" a week, month or year, "the 15th", a month on
 * its own after "by" or "until", past-tense limits, and counted durations. Texts in our own words.
 */
import { describe, expect, it } from "vitest";
import { extractDeadline, toReferenceDay } from "../../../lambdas/core/tagger/deadline.ts";

const at = (sentence: string, ref: string) => extractDeadline(sentence, toReferenceDay(ref));

type Case = [sentence: string, reference: string, phrase: string, date: string | null];
const check = (cases: Case[]) => {
  for (const [sentence, ref, phrase, date] of cases)
    it(`${sentence} (on ${ref}) -> ${date}`, () => {
      expect(at(sentence, ref)).toEqual({ phrase, date });
    });
};

describe("company calendars: quarters, halves and years", () => {
  check([
    [
      "Norcorp must sell the unit by the end of the current quarter.",
      "2025-05-14",
      "by the end of the current quarter",
      "2025-06-30",
    ],
    [
      "Norcorp must sell the unit by the end of this half.",
      "2025-05-14",
      "by the end of this half",
      "2025-06-30",
    ],
    [
      "Norcorp must sell the unit by the end of this half.",
      "2025-08-14",
      "by the end of this half",
      "2025-12-31",
    ],
    [
      "Norcorp must sell the unit by the end of the next quarter.",
      "2025-05-14",
      "by the end of the next quarter",
      "2025-09-30",
    ],
    // The quarter after the fourth is the next year's first.
    [
      "Norcorp must sell the unit by the end of the next quarter.",
      "2025-11-14",
      "by the end of the next quarter",
      "2026-03-31",
    ],
    [
      "Norcorp must sell the unit by the end of the current quarter of 2027.",
      "2025-05-14",
      "by the end of the current quarter of 2027",
      "2027-06-30",
    ],
    [
      "Norcorp must sell the unit by the end of the current year of 2027.",
      "2025-05-14",
      "by the end of the current year of 2027",
      "2027-12-31",
    ],
    [
      "Norcorp must sell the unit by the end of the second half.",
      "2025-05-14",
      "by the end of the second half",
      "2025-12-31",
    ],
    // A quarter that has ended this year is next year's.
    [
      "Norcorp must sell the unit by the end of the third quarter.",
      "2025-10-14",
      "by the end of the third quarter",
      "2026-09-30",
    ],
    [
      "Norcorp must sell the unit by the end of the third quarter.",
      "2025-09-30",
      "by the end of the third quarter",
      "2025-09-30",
    ],
    [
      "Norcorp must sell the unit by the end of the 4th quarter of 2026.",
      "2025-10-14",
      "by the end of the 4th quarter of 2026",
      "2026-12-31",
    ],
    ["Norcorp must sell the unit by quarter-end.", "2025-05-14", "by quarter-end", "2025-06-30"],
    ["Norcorp must sell the unit by quarter end.", "2025-11-14", "by quarter end", "2025-12-31"],
    ["Norcorp must sell the unit by year-end.", "2025-05-14", "by year-end", "2025-12-31"],
    // Fiscal years differ from company to company: no single day.
    [
      "Norcorp must sell the unit by the end of the fiscal year.",
      "2025-10-14",
      "by the end of the fiscal year",
      null,
    ],
    [
      "Norcorp must sell the unit by the end of the second quarter of fiscal 2026.",
      "2025-10-14",
      "by the end of the second quarter of fiscal 2026",
      null,
    ],
    ["Norcorp must sell the unit by the first half.", "2025-05-14", "by the first half", null],
  ]);
});

describe("holidays and the end of a day, week, month or year", () => {
  check([
    // The day after Christmas, "by Christmas" is next year's.
    ["The rebels must leave by Christmas.", "2025-12-26", "by Christmas", "2026-12-25"],
    ["The rebels must leave by Christmas Eve.", "2025-12-24", "by Christmas Eve", "2025-12-24"],
    ["The rebels must leave by Christmas Day.", "2025-12-25", "by Christmas Day", "2025-12-25"],
    ["The rebels must leave by New Year's Eve.", "2025-05-14", "by New Year's Eve", "2025-12-31"],
    ["The rebels must leave by New Year’s Day.", "2025-05-14", "by New Year’s Day", "2026-01-01"],
    // 2025-05-14 is a Wednesday: the week ends on Sunday the 18th, next week on the 25th.
    ["The rebels must leave by the end of the week.", "2025-05-14", "by the end of the week", "2025-05-18"],
    ["The rebels must leave by the end of next week.", "2025-05-14", "by the end of next week", "2025-05-25"],
    ["The rebels must leave by the end of the day.", "2025-05-14", "by the end of the day", "2025-05-14"],
    ["The rebels must leave by the end of the month.", "2025-02-14", "by the end of the month", "2025-02-28"],
    [
      "The rebels must leave by the end of next month.",
      "2025-01-14",
      "by the end of next month",
      "2025-02-28",
    ],
    [
      "The rebels must leave by the end of next month.",
      "2025-12-14",
      "by the end of next month",
      "2026-01-31",
    ],
    [
      "Norcorp must sell the unit by the end of next year.",
      "2025-05-14",
      "by the end of next year",
      "2026-12-31",
    ],
    // A month already passed is next year's; a year given is kept (2028 is a leap year).
    ["The rebels must leave by the end of February.", "2025-03-14", "by the end of February", "2026-02-28"],
    [
      "The rebels must leave by the end of February 2028.",
      "2025-03-14",
      "by the end of February 2028",
      "2028-02-29",
    ],
    ["The rebels must leave by end-March.", "2025-03-14", "by end-March", "2025-03-31"],
  ]);
});

describe("a day of the month, a clock time, a month on its own", () => {
  check([
    ["The rebels must leave by the 15th.", "2025-03-14", "by the 15th", "2025-03-15"],
    ["The rebels must leave by the 14th.", "2025-03-14", "by the 14th", "2025-03-14"],
    // Passed this month: next month's; in December, January's.
    ["The rebels must leave by the 13th.", "2025-03-14", "by the 13th", "2025-04-13"],
    ["The rebels must leave by the 13th.", "2025-12-14", "by the 13th", "2026-01-13"],
    // April has no 31st; February no 30th.
    ["The rebels must leave by the 31st.", "2025-04-14", "by the 31st", null],
    ["The rebels must leave by the 30th.", "2025-01-31", "by the 30th", null],
    ["The rebels must leave by tonight.", "2025-03-14", "by tonight", "2025-03-14"],
    ["The rebels must leave by noon.", "2025-03-14", "by noon", "2025-03-14"],
    ["The rebels must leave by 5 p.m.", "2025-03-14", "by 5 p.m.", "2025-03-14"],
    // "until" a month is its last day, "by" its first; a passed month is next year's.
    ["The rebels may stay until March.", "2025-02-14", "until March", "2025-03-31"],
    ["The rebels may stay until March.", "2025-04-14", "until March", "2026-03-31"],
    ["The rebels may stay through March.", "2025-03-14", "through March", "2025-03-31"],
    ["The rebels must leave by March 2026.", "2025-02-14", "by March 2026", "2026-03-01"],
    ["The rebels must leave before mid-March.", "2025-02-14", "before mid-March", null],
    ["The deadline was moved to May.", "2025-02-14", "deadline was moved to May", null],
    // A clock time and its zone before the day do not move the day.
    [
      "The rebels must leave by midnight New York time on April 3.",
      "2025-02-14",
      "by midnight New York time on April 3",
      "2025-04-03",
    ],
    ["Bids are due by April Three.", "2025-02-14", "are due by April Three", "2025-04-03"],
    ["Bids are due by April twenty-one.", "2025-02-14", "are due by April twenty-one", "2025-04-21"],
    ["Bids are due by April thirty-one.", "2025-02-14", "are due by April thirty-one", null],
    // The month names the deadline itself ("the May deadline"): somewhere in May.
    ["The rebels must leave before the May deadline.", "2024-02-29", "before the May", null],
    ["The rebels must leave by the May 5 deadline.", "2024-02-29", "by the May 5", "2024-05-05"],
  ]);
});

describe("limits that have passed look back from the reference day (Friday 2025-03-14)", () => {
  check([
    ["The ultimatum expired on Monday.", "2025-03-14", "ultimatum expired on Monday", "2025-03-10"],
    ["The ultimatum expired on Saturday.", "2025-03-14", "ultimatum expired on Saturday", "2025-03-08"],
    ["The ultimatum expired on March 20.", "2025-03-14", "ultimatum expired on March 20", "2024-03-20"],
    ["The ultimatum expired on March 10.", "2025-03-14", "ultimatum expired on March 10", "2025-03-10"],
    // A year stated is kept, even ahead of the reference day.
    [
      "The ultimatum expired on March 20, 2025.",
      "2025-03-14",
      "ultimatum expired on March 20, 2025",
      "2025-03-20",
    ],
    [
      "The ultimatum expired at the end of March.",
      "2025-03-14",
      "ultimatum expired at the end of March",
      "2024-03-31",
    ],
    ["The ultimatum expired at Christmas.", "2025-03-14", "ultimatum expired at Christmas", "2024-12-25"],
    ["The ultimatum expired on February 29.", "2025-03-14", "ultimatum expired on February 29", "2024-02-29"],
    ["The offer expired last Friday.", "2025-03-14", "expired last Friday", "2025-03-07"],
  ]);
});

describe("counted durations", () => {
  check([
    ["The rebels were given 2 fortnights to leave.", "2025-03-14", "given 2 fortnights to", "2025-04-11"],
    [
      "The rebels were given 10 business days to leave.",
      "2025-03-14",
      "given 10 business days to",
      "2025-03-28",
    ],
    [
      "The rebels were given 10 calendar days to leave.",
      "2025-03-14",
      "given 10 calendar days to",
      "2025-03-24",
    ],
    // JavaScript month arithmetic, as chrono: 31 January + 3 months is 1 May; 29 February + 2 years, 1 March.
    ["The rebels were given 3 months to leave.", "2025-01-31", "given 3 months to", "2025-05-01"],
    ["The rebels were given two years to leave.", "2024-02-29", "given two years to", "2026-03-01"],
    ["The rebels must leave within 9999 days.", "2024-02-29", "within 9999 days", "2051-07-16"],
    ["The rebels must leave within 99999 days.", "2024-02-29", "within 99999 days", null],
    ["The rebels must leave within thirty days.", "2024-02-29", "within thirty days", "2024-03-30"],
    // Counted from an event the text does not date.
    ["The rebels must leave within 30 days of the ruling.", "2024-02-29", "within 30 days", null],
    ["The rebels must leave within 30 days after the ruling.", "2024-02-29", "within 30 days", null],
  ]);
});
