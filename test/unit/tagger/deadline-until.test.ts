/**
 * "until" names a limit when it is time given to act ("has until Friday to leave", "gave the lender until March 15
 * to present a plan") or a window that closes ("open until April 10", "reopened its
 * offer until March 25"). Otherwise it ends a period ("talks continue until Thursday", "paid until September
 * 30"), and a "by" limit in the same sentence is the deadline. Issue 8: the phrase quoted used to be whichever
 * "until" the sentence had. Every text is written for this test (invented names: Norcorp, Estmark, Valdoria).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const { expectDates } = deadlineCases("2025-03-12");

describe("time given to act until a day is the limit", () => {
  expectDates([
    [
      "Lenders gave Norcorp until March 15 to present a restructuring plan.",
      "2025-03-12",
      "until March 15",
      "2025-03-15",
    ],
    ["The envoy has until Friday to leave Valdoria.", "2025-03-12", "until Friday", "2025-03-14"],
    [
      "Estmark's creditors have until the end of the month to vote, and talks will continue until Thursday.",
      "2025-03-12",
      "until the end of the month",
      "2025-03-31",
    ],
    [
      "The regulator set a review, giving the parties until April 2, to respond.",
      "2025-03-12",
      "until April 2",
      "2025-04-02",
    ],
  ]);
});

describe("a 'by' limit wins over an 'until' that ends a period", () => {
  expectDates([
    [
      "The board told the chairman he must resign by February 6 but would keep drawing his salary until September 30.",
      "2025-01-28",
      "by February 6",
      "2025-02-06",
    ],
    [
      "Talks will continue until Thursday, and a deal must be signed by the end of the month.",
      "2025-03-12",
      "by the end of the month",
      "2025-03-31",
    ],
    [
      "The truce, which runs until May 20, requires both sides to withdraw heavy weapons by May 5.",
      "2025-03-12",
      "by May 5",
      "2025-05-05",
    ],
    [
      "Norcorp will stay under court protection until January 31 and must file a plan by December 15.",
      "2024-11-02",
      "by December 15",
      "2024-12-15",
    ],
  ]);
});

describe("an 'until' on its own, or a window reopened or extended until a day, is still the limit", () => {
  expectDates([
    [
      "The Estmark offer is open until April 10, the company said.",
      "2025-03-12",
      "until April 10",
      "2025-04-10",
    ],
    [
      "Shareholders had to tender by 5 p.m. on June 3; the offer has since been extended until June 10.",
      "2025-05-20",
      "until June 10",
      "2025-06-10",
    ],
    [
      "On Friday Norcorp agreed to reopen its tender offer until March 25.",
      "2025-03-12",
      "until March 25",
      "2025-03-25",
    ],
  ]);
});
