/**
 * Deadline phrase shapes the topic rules tag and `lambdas/core/tagger/deadline.ts` now also quotes and resolves
 * (issue 8, fourth pass: listed by the rules' pass, added to the phrase patterns after). Reference Friday
 * 2025-03-14. Our own sentences.
 */
import { describe, expect, it } from "vitest";
import { extractDeadline, toReferenceDay } from "../../../lambdas/core/tagger/deadline.ts";

const day = toReferenceDay("2025-03-14");
const cases: [string, string, string | null][] = [
  // "extend ... to <day>" past 14 words (the topic's offer-limit allows 20), and its synonyms
  [
    "Estmark Motors is extending its buyer incentives on the saloon, the estate, the van and both of its pick-up models in all regions to April 10.",
    "to April 10",
    "2025-04-10",
  ],
  ["The lender prolonged the grace period to May 30.", "to May 30", "2025-05-30"],
  // time given with get/gets/got
  ["Tenants get two months to leave the tower.", "get two months to", "2025-05-14"],
  ["The crew got 48 hours to clear the site.", "got 48 hours to", "2025-03-16"],
  // an expiration moved to a day
  ["The expiration of the Westco tender offer was moved back to April 22.", "to April 22", "2025-04-22"],
  // "<day> is the deadline"
  ["Thursday is the deadline for Ukraine to respond to the plan.", "Thursday", "2025-03-20"],
  // a dated cut-off, and the end of the month as one
  ["The electoral board set a July 1 cut-off for voter registrations.", "July 1 cut-off", "2025-07-01"],
  ["Students face an end-of-month cut-off for loan applications.", "end-of-month cut-off", "2025-03-31"],
];

describe("deadline phrases added with the fourth pass of rules", () => {
  it.each(cases)("%s -> %s / %s", (sentence, phrase, date) => {
    expect(extractDeadline(sentence, day)).toEqual({ phrase, date });
  });

  it("reads no day into a cut-off of supplies or a deadline with none", () => {
    expect(extractDeadline("The oil cut-off hurt refiners across the region.", day)?.date ?? null).toBeNull();
    expect(extractDeadline("The board said a deadline would be set later.", day)?.date ?? null).toBeNull();
  });
});
