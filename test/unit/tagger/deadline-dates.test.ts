import { describe, expect, it } from "vitest";
import { extractDeadline, toReferenceDay } from "../../../lambdas/core/tagger/deadline.ts";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

const tagger = loadTagger();
const deadlineOf = (text: string, referenceDate?: string | Date) =>
  tagger.tag(text, referenceDate === undefined ? {} : { referenceDate }).find((t) => t.topic === "deadline")
    ?.deadline;

describe("deadline date resolution (reference Friday 2025-03-14)", () => {
  const cases: [string, string, string | null][] = [
    ["Protesters must leave within 48 hours.", "within 48 hours", "2025-03-16"],
    ["Deserters must report back within 12 hours.", "within 12 hours", "2025-03-14"],
    ["The court ordered the app removed within 90 days.", "within 90 days", "2025-06-12"],
    ["The envoy was given 24 hours to leave.", "given 24 hours to", "2025-03-15"],
    ["The militia issued a 10-day ultimatum to the garrison.", "10-day ultimatum", "2025-03-24"],
    ["The rebels have until the end of May to withdraw.", "until the end of May", "2025-05-31"],
    ["Lawmakers must pass the budget by the end of the year.", "by the end of the year", "2025-12-31"],
    ["The bank must repay the loan by the end of 2026.", "by the end of 2026", "2026-12-31"],
    ["They must release the hostages by Sunday.", "by Sunday", "2025-03-16"],
    ["The group must answer by Friday.", "by Friday", "2025-03-14"],
    ["Firms must register by March 29.", "by March 29", "2025-03-29"],
    ["Staff must vacate the offices by January 10, 2026.", "by January 10, 2026", "2026-01-10"],
    ["Both sides must sign no later than April 18.", "no later than April 18", "2025-04-18"],
    ["Washington set a deadline of March 20 for a reply.", "deadline of March 20", "2025-03-20"],
    ["Talks continue before the June 30 deadline.", "before the June 30", "2025-06-30"],
    ["Troops must be out by September.", "by September", "2025-09-01"],
    ["The regulator extends the deadline to 2027.", "to 2027", null],
    ["The deal was signed despite the deadline last Monday.", "deadline last Monday", "2025-03-10"],
    ["Talks collapse as the deadline expires.", "deadline expires", "2025-03-14"],
    [
      "Both sides must reach a deal within the coming weeks, the deadline says.",
      "within the coming weeks",
      null,
    ],
    ["The ultimatum expires at midnight on Sunday.", "ultimatum expires at midnight on Sunday", "2025-03-16"],
  ];
  for (const [text, phrase, date] of cases) {
    it(`${text} -> ${date}`, () => {
      expect(deadlineOf(text, "2025-03-14")).toEqual({ phrase, date });
    });
  }

  it("the year of a month-day without a year is the one closest to the reference date", () => {
    expect(deadlineOf("Parties must file by Jan. 5.", "2024-12-28")?.date).toBe("2025-01-05");
    expect(deadlineOf("Firms must comply by December 20.", "2025-01-03")?.date).toBe("2024-12-20");
  });

  it("accepts a Date or an ISO date-time as the reference", () => {
    expect(deadlineOf("They must leave within 48 hours.", new Date("2025-03-14T18:30:00Z"))?.date).toBe(
      "2025-03-16",
    );
    expect(deadlineOf("They must leave within 48 hours.", "2025-03-14T08:00:00+00:00")?.date).toBe(
      "2025-03-16",
    );
  });

  it("without a reference date, only dates that fix the day by themselves resolve (the guidelines' rule)", () => {
    expect(deadlineOf("Staff must vacate the offices by January 10, 2026.")?.date).toBe("2026-01-10");
    expect(deadlineOf("They must leave within 48 hours.")).toEqual({ phrase: "within 48 hours", date: null });
    expect(deadlineOf("The envoy has until Sunday to leave.")?.date).toBeNull();
    expect(deadlineOf("Parties must file their claims by March 3.")?.date).toBeNull();
    expect(deadlineOf("They must leave within 48 hours.", "not a date")?.date).toBeNull();
  });

  it("extractDeadline works on a bare sentence and says undefined when no limit is stated", () => {
    const day = toReferenceDay("2025-03-14");
    expect(extractDeadline("Voters go to the polls on Sunday.", day)).toBeUndefined();
    expect(extractDeadline("You have until noon.", day)).toEqual({
      phrase: "until noon",
      date: "2025-03-14",
    });
  });
});

describe("holidays, parts of months, days of the month, next week/month/year", () => {
  const cases: [string, string | null][] = [
    ["Rebels must disarm by Christmas.", "2025-12-25"],
    ["Firms must comply by end-March.", "2025-03-31"],
    ["Firms must comply by mid-April.", null],
    ["The deadline expires on March 20.", "2025-03-20"],
    ["Russia demands defenders surrender by 5 a.m.", "2025-03-14"],
    ["Firms must comply by the end of next month.", "2025-04-30"],
    ["Firms must comply by the 20th.", "2025-03-20"],
    ["Firms must comply by the 2nd.", "2025-04-02"],
    ["They must answer by the end of the week.", "2025-03-16"],
    ["They must answer by the end of next week.", "2025-03-23"],
    ["They must pay by the end of next year.", "2026-12-31"],
  ];
  for (const [text, date] of cases) {
    it(`${text} -> ${date}`, () => expect(deadlineOf(text, "2025-03-14")?.date).toBe(date));
  }
});
