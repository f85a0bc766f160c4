/**
 * The deadline phrase patterns run on the lower-cased sentence without the `i` flag (issue 9: V8 compiles them
 * several times faster), with the time before a day matched as an atomic group. These pin what that must keep:
 * the phrase is quoted as written, a sentence whose lower case changes length still matches, and a time zone
 * never swallows a month name.
 */
import { describe, expect, it } from "vitest";
import { extractDeadline, headOf, toReferenceDay } from "../../../lambdas/core/tagger/deadline.ts";

const day = toReferenceDay("2026-09-20");

describe("deadline phrases matched on the lower case", () => {
  it("quotes the phrase with the sentence's own capitals", () => {
    expect(extractDeadline("Tenders Are Due By 5 P.M. EST, Sept 30, the ministry said.", day)).toEqual({
      phrase: "Are Due By 5 P.M. EST, Sept 30",
      date: "2026-09-30",
    });
  });

  it("still matches a sentence whose lower case is longer (a dotted capital I)", () => {
    // "İ".toLowerCase() is two code units: positions would shift, so the case-insensitive pattern is used.
    expect(extractDeadline("İzmir port gave the crews until Friday to leave.", day)).toEqual({
      phrase: "until Friday",
      date: "2026-09-25",
    });
  });

  it("reads 'midnight Oct 5' as a time and a day, not Oct as a time zone", () => {
    expect(extractDeadline("The exchange offer expires at midnight Oct 5, the bank said.", day)).toEqual({
      phrase: "expires at midnight Oct 5",
      date: "2026-10-05",
    });
    expect(extractDeadline("Holders may tender until noon Sept 28.", day)).toEqual({
      phrase: "until noon Sept 28",
      date: "2026-09-28",
    });
  });

  it("keeps a real zone before the day, and a time that no day follows", () => {
    expect(extractDeadline("The offer runs until 5 p.m. EDT on October 2.", day)?.date).toBe("2026-10-02");
    expect(extractDeadline("Bids close at midnight, the agency said.", day)).toEqual({
      phrase: "close at midnight",
      date: "2026-09-20",
    });
  });
});

describe("headOf: the words before a phrase pattern's date, tried before the whole pattern", () => {
  it("cuts before the date and closes the groups still open", () => {
    expect(headOf("\\bexpires?\\s(?:on\\s|at\\s)?(?<when>x)")).toBe("\\bexpires?\\s(?:on\\s|at\\s)?");
    expect(headOf("\\bq(?<span>w\\s(?<when>x))\\s(?:m|n)")).toBe("\\bq(?<span>w\\s)");
    expect(headOf("(?:a(?<when>x)(?:c|d))")).toBe("(?:a)");
    // A bracket or an escaped parenthesis is not a group.
    expect(headOf("\\(x[(]\\s(?<when>y)")).toBe("\\(x[(]\\s");
  });

  it("gives none where a match need not start with the head", () => {
    expect(headOf("\\b(?:a|b)\\s(?<when>x)|y")).toBeUndefined(); // another top-level alternative
    expect(headOf("(?:a(?<when>x)|b)")).toBeUndefined(); // another alternative of an open group
    expect(headOf("(?<when>x)\\sis\\sthe\\slast\\sday")).toBeUndefined(); // the date comes first
  });
});
