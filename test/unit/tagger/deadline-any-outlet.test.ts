/**
 * Deadline families found by sampling unlabelled wire and event copy for time-limit language the tagger missed
 * (issue 8, fourth pass), each pinned by positives and negatives. Every text is written for this test (invented
 * companies and countries: Norcorp, Estmark, Westmark...); none is taken from any corpus or article.
 */
import { describe, expect, it } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const REF = "2025-03-14"; // a Friday
const { deadlineTag, expectDeadline, expectDates } = deadlineCases(REF);

describe("a weekday named with this or next ('by next Friday', 'closes this Thursday')", () => {
  expectDeadline(
    [
      "Lawmakers must pass a spending bill by next Friday or the agencies shut down.",
      "The union told Norcorp it had to answer by this Thursday.",
      "The judge ordered the ministry to hand over the files by next Monday.",
      "The Westmark offer closes next Friday.",
      "Nominations close this Wednesday at noon.",
    ],
    [
      // a meeting or a release on such a day is a date, not a limit
      "The board meets next Friday to discuss the results.",
      "Norcorp expects to complete the sale by next Friday.",
      "The report on factory orders is published next Tuesday.",
    ],
  );
  expectDates([
    [
      "Lawmakers must pass a spending bill by next Friday or the agencies shut down.",
      REF,
      "by next Friday",
      "2025-03-21",
    ],
    ["The Westmark offer closes next Friday.", REF, "closes next Friday", "2025-03-21"],
    ["The union told Norcorp it had to answer by this Thursday.", REF, "by this Thursday", "2025-03-20"],
  ]);
});

describe("incentive, rebate and promotional programmes that end on a day (YES: an offer that expires)", () => {
  expectDeadline(
    [
      "The carmaker said its cash-back incentive programme ends April 30.",
      "The promotion, which ends on Sunday, covers every model in stock.",
      "The rebate on the two compact models ends March 31.",
      "Estmark Motors is extending its buyer incentives on the saloon, the estate, the van and both of its pick-up models in all regions to April 10.",
      "The retailer extended its spring discount scheme to the end of April.",
    ],
    [
      // a programme that ends without a stated day, or a year that ends
      "The incentive programme ends after this year's model run.",
      "Norcorp's fiscal year ends March 31.",
      "The discount scheme was popular with buyers.",
    ],
  );
});

describe("more time given ('75 more days to', 'two weeks left to')", () => {
  expectDeadline(
    [
      "Washington gave the app's owner 75 more days to find a buyer.",
      "Students have two weeks left to apply for the grants.",
      "The senator urged Congress to give the farm lenders a few more months to reorganise.",
    ],
    [
      "The crew spent two more days at sea before reaching port.",
      "Norcorp has had three more weeks of strong sales.",
    ],
  );
});

describe("pressing another party to act by a date (YES: a demand with a time limit)", () => {
  expectDeadline(
    [
      "Westmark will press Estmark to scrap its beef quota by April 2026.",
      "The commission put pressure on ministers to agree by the end of June on the new rules.",
      "Envoys pressed the junta to free the detainees by Sunday.",
    ],
    [
      // pressing ahead with one's own plan, or "by" naming an agent or a quarter as a thing
      "Norcorp is pressing ahead to finish the plant by June.",
      "Worried by the first quarter downturn, Westmark has been pressing Estmark to boost its imports.",
    ],
  );
});

describe("comments and applications taken until a day (YES: a comment or application window)", () => {
  expectDeadline(
    [
      "The regulator will consider public comments on the proposal until June 3.",
      "The ministry is accepting applications for the offshore blocks until early April.",
      "The agency will accept written comments from the public until May 2.",
    ],
    [
      "The regulator has received many comments on the proposal.",
      "The ministry accepted the applications last week.",
    ],
  );
});

describe("a cut-off for something or on a day (YES) versus a supply cut-off (NO)", () => {
  expectDeadline(
    [
      "The electoral board set a July 1 cut-off for voter registrations.",
      "The cutoff date for the claims is Friday.",
      "Westmark missed the Friday's cut-off by a day.",
    ],
    [
      "Estmark warned of a gas cutoff if the dispute dragged on.",
      "Refiners fear a sudden oil cut-off.",
      "The power cut-off lasted three hours.",
    ],
  );
  it("the cut-off rule is what fires on a dated cut-off", () => {
    expect(
      deadlineTag("The electoral board set a July 1 cut-off for voter registrations.")?.score,
    ).toBeGreaterThanOrEqual(0.85);
  });
});

describe("forecasts and expectations do not make a 'within' or 'by' limit (NO)", () => {
  expectDeadline(
    [
      // the same spans with an obligation and no forecast wording stay deadlines
      "Norcorp agreed to sell the unit and must close the deal within the next several weeks.",
      "The plant must start operations within 12 months under the licence.",
      "Delegates were told the accord must be agreed by Friday when the session ends.",
      // plan and target words are not forecasts: an order next to them is still a limit
      "The targeted diplomats must leave the country within 72 hours.",
      "Officials set to lose their posts were ordered to hand in their passes within 48 hours.",
    ],
    [
      "Norcorp agreed to sell the unit, with closing expected within the next several weeks.",
      "Estmark forecast that half the orders will be shipped by the end of March and the rest within the next three months.",
      "Westmark agreed to buy ore from a mine due to start operations within 12 months.",
      "Delegates remained confident the accord would be agreed to by Friday when the session ends.",
      "A notice is likely to appear in the official journal within a few days.",
    ],
  );
});

describe("'supposed to' and 'are to be filed' as obligations", () => {
  expectDeadline(
    [
      "The lenders were supposed to confirm their commitments by June 17.",
      "Under the directive the new rules are to be adopted by October 1 at the latest.",
      "All claims are to be lodged by the end of April.",
    ],
    [
      // payment dates and a project's own timetable are not limits
      "The dividend is to be paid by April 15 to holders of record.",
      "Installation of the new line is to be completed by early 2026.",
    ],
  );
});

describe("an offer's expiration moved to a new day (YES)", () => {
  expectDeadline(
    [
      "Norcorp said the offer's expiration has been postponed until March 31.",
      "The expiration of the Westco tender offer was moved back to April 22.",
    ],
    [
      // a contract's expiry moved, or an expiration with no new day
      "The expiration of the lease was moved back to 2030.",
      "The expiration of the offer was postponed indefinitely.",
    ],
  );
});

describe("time given to decide, declare, end or satisfy (a verb that begins like a month or a weekday)", () => {
  // "to decide" starts with "Dec", "to monitor" with "Mon", "to satisfy" with "Sat": they are verbs, not dates
  expectDeadline(
    [
      "Westmark gave Estmark two weeks to decide on the talks.",
      "The court gave the ministry a week to declare its assets.",
      "The union gave the owners 30 days to end the lockout.",
      "The firm has 60 days to satisfy the regulator.",
      "Observers have two months to monitor the vote count.",
    ],
    [
      // "to" before a real date is a span, not time given to act
      "Shareholders had three weeks to May 1.",
      "The notes had two years to end-2027.",
    ],
  );
  expectDates([
    [
      "Westmark gave Estmark two weeks to decide on the talks.",
      REF,
      "gave Estmark two weeks to",
      "2025-03-28",
    ],
  ]);
});

describe("headline forms: 'gets N days to', a cut-off for some applications, 'wants ... by'", () => {
  expectDeadline(
    [
      "Tenants get two months to leave condemned tower",
      "Students face end-of-month cut-off for loan applications",
      "The central bank wants lenders to clean up their books by the end of the year.",
    ],
    [
      "The striker got two goals in ten minutes to win the cup.",
      "Norcorp wants to expand into Asia by 2030.",
      "The minister wants a review of the rules, officials said.",
    ],
  );
});

describe("an offer taken up by acting by a day (YES: the offer's window)", () => {
  expectDeadline(
    [
      "The agency offers a buyout scheme to its staff to announce their resignation by February 6.",
      "Employees were offered a bonus if they resign by February 6.",
      "Holders are invited to tender their notes by 5 p.m. on April 3.",
    ],
    [
      // an offer made by a day, or expected by one, is a date or a plan
      "Norcorp offered 20 dlrs a share on March 3.",
      "Westco expects to offer the shares to investors by June.",
    ],
  );
});
