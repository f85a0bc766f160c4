/**
 * Deadline phrases the topic rules already tag but `lambdas/core/tagger/deadline.ts` does not yet quote or resolve
 * (issue 8, fourth pass). deadline.ts is being rewritten by the integrator, so these are written down as `it.todo`
 * on purpose: each names the sentence (reference Friday 2025-03-14), the phrase and the date it should resolve to.
 * When the phrase patterns learn the shape, turn the entry into an `expectDates` case in
 * deadline-any-outlet.test.ts.
 */
import { describe, it } from "vitest";

describe("phrases for deadline.ts (pending the phrase-matcher rewrite)", () => {
  it.todo(
    "extend ... to <day> past 14 words (the topic's offer-limit allows 20): 'Estmark Motors is extending its buyer incentives on the saloon, the estate, the van and both of its pick-up models in all regions to April 10.' -> 'to April 10' / 2025-04-10",
  );
  it.todo(
    "'gets/get/got N units to' as time given: 'Tenants get two months to leave the tower.' -> 'get two months to' / 2025-05-14",
  );
  it.todo(
    "an expiration moved to a day: 'The expiration of the Westco tender offer was moved back to April 22.' -> 'to April 22' / 2025-04-22",
  );
  it.todo(
    "'<day> is the deadline': 'Thursday is the deadline for Ukraine to respond to the plan.' -> 'Thursday' / 2025-03-20",
  );
  it.todo(
    "a dated cut-off: 'The electoral board set a July 1 cut-off for voter registrations.' -> 'July 1 cut-off' / 2025-07-01",
  );
  it.todo(
    "end-of-month as a day: 'Students face an end-of-month cut-off for loan applications.' -> 'end-of-month' / 2025-03-31",
  );
});
