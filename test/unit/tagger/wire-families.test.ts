/**
 * Second pass on business, legal and wire copy (issue 8): the time-limit language an audit of unlabelled wire
 * stories found the first pass missing, the forecasts and measurements it wrongly took for limits, and positives
 * for negatives that had grown too broad. Every text is written for this test (invented companies and places:
 * Norcorp, Westbank, Estmark...); none is taken from any corpus or article.
 */
import { describe, expect, it } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const REF = "1987-03-20"; // a Friday
const { deadlineTag, expectDeadline, expectDates } = deadlineCases(REF);

describe("offers and windows in wire syntax (YES)", () => {
  expectDeadline(
    [
      // punctuation between the offer and its expiry
      "Westbank will act as dealer-manager for the offer, which expires at midnight EDT May 8, subject to financing.",
      "The tender offer, as amended, lapses on April 2.",
      // an offer that terminates at a stated time
      "The company said its exchange offer would terminate on April 30.",
      "Norcorp bought 90 pct of the shares in a cash tender offer which terminated December 12.",
      // kept open, reopened, accepted until a day
      "Norcorp agreed to reopen its tender offer until March 25.",
      "Tenders will be accepted until noon on April 3.",
      "Applications for the new shares will be accepted through May 1.",
      "The board said it will entertain offers through March 30.",
      "Holders will be able to tender their notes until April 5.",
      "The period for tendering shares ends on April 5.",
      // submissions due at a stated time, without 'by'
      "Bids are due April 15.",
      "Selling offers will be due at 1100 hrs EST, March 24, the agent said.",
      "Offers for the wheat are due at 1530 hrs EDT (1930 gmt) April 26 and will remain valid until the next day.",
      // a programme for shareholders extended to a day
      "Norcorp extended to June 30 from June 4 its odd-lot sale program for holders of fewer than 100 shares.",
    ],
    [
      "The bond pays interest yearly and expires on that day in 1995.",
      "A new repurchase pact is likely to replace a facility expiring next week.",
      "Norcorp said the option had expired before the shares were delivered.",
      "The rights will expire ten years later on March 31, 1997, the company said.",
      "Bids would be welcome, the minister said.",
    ],
  );
});

describe("offers extended by a span, running until a day, conditions due by a day (YES)", () => {
  expectDeadline(
    [
      "Norcorp extended its tender offer for another week.",
      "Westbank extended the exchange offer by a further 10 days.",
      "The offer, which runs until April 3, is for all outstanding shares.",
      "Subscriptions run until Oct. 29.",
      "Shares will be bought upon the expiration of the offer on April 3.",
      "The sale is subject to shareholder approval by April 24, 1987, the company said.",
    ],
    [
      "Estmark is expected to tender shortly for 100,000 tonnes of wheat for shipment between April and June.",
      "The committee will release feed wheat through weekly tenders between April 14 and May 26.",
      "Each warrant gives the right to subscribe to one share between June 1, 1987 and May 31, 1994.",
      "Norcorp believes the purchase could be completed by June 30, subject to approval by regulators.",
      "The merger is subject to approval by shareholders.",
    ],
  );
});

describe("filing extensions, company calendars and spans after an event (YES)", () => {
  expectDeadline(
    [
      "Norcorp asked the commission for an extension to file its annual report.",
      "The ministry may grant a further three-month extension to complete the sale.",
      "The agreement requires Norcorp to complete the sale by year-end.",
      "Norcorp must repay the bridge loan by the end of the first quarter of 1988.",
      "Under current law, 40 mln acres must be enrolled in the programme by the end of fiscal 1990.",
      "Unsettled trades must be reported three days after they occur.",
      "The notice must be filed 30 days after the sale.",
      "The offer will expire 20 business days after it begins unless extended.",
      "The government has set June 30 as the date for compliance with the new rules.",
    ],
    [
      // a meeting, a redemption or a payment date is not a limit
      "The company set May 8 as the date of its annual shareholders' meeting.",
      "Norcorp fixed April 24 as the date for the redemption of its debentures.",
      "The first payment is due 30 days after the drug is approved.",
      // events counted from another event
      "Five months after the loan was agreed, dozens of banks had to be persuaded to join.",
      "The new policy came three months after the government ordered an inquiry.",
    ],
  );
});

describe("forecasts, levels and durations are not limits (NO)", () => {
  expectDeadline(
    [],
    [
      "The debt ratio will be back below 40 pct within 12 months, he added.",
      "The tariff cut would go into effect within a week.",
      "The new mine should reach full commercial production within 90 days.",
      "A futures contract on the index should follow within six months.",
      "The tabloid would have a circulation of 50,000 within six months, studies showed.",
      "The council is expected to agree to reconvene within the next six weeks.",
      "Traders expected the buffer stock manager to intervene within three weeks.",
      "The floodwater was expected to recede within two days.",
      "It has taken almost six months to complete the syndication of the loan.",
      "The accord had taken eight months to prepare.",
      "The members were each given about one pct growth until 1991.",
      "Norsteel will cut 2,000 jobs by the end of 1987 and is studying a smaller work force.",
      "A shift of resources of about four pct of GDP by 1990-91 was required for growth.",
      "Estmark will import cement by the end of the month to meet growing demand from builders.",
      "There will be no calls before March 31, 1992 unless the share price reaches 150 pct of the conversion price.",
      "There is a call after 90 days at 106 but not before March 26, 1992 unless the share price is high.",
      "Norcorp's debt ratio increased to 49.8 pct by year-end 1986 as the buyback has required more financing.",
      "The buyback leaves Norcorp the ability to pay down its debt by year-end.",
      "Oil demand will rise by the end of the year.",
    ],
  );
});

describe("negatives that were too broad: obligations still count (YES)", () => {
  expectDeadline(
    [
      "Officials confirmed that the diplomats must leave within 48 hours.",
      "Under the constitution, elections must take place within 90 days of the vacancy.",
      "Their demand was that Westmark withdraw its troops by Sunday.",
      "Troops were ordered to leave by the end of May.",
      "An agreement must be reached by the end of June, the envoy said.",
      "The quota must be increased by the end of the year.",
      "Estmark must release the prisoners by Friday, ahead of scheduled talks.",
      "Westmark demanded that Estmark withdraw by Friday and said it expected compliance.",
      "Estmark was given 30 days or face sanctions.",
      "Norcorp faces a deadline, according to deadline documents filed with the court.",
    ],
    [],
  );
});

describe("dates on the shapes wire and news use", () => {
  expectDates([
    ["The rights offering will expire August Three.", "1987-07-20", "expire August Three", "1987-08-03"],
    ["The offer will expire on June 30, 1987.", null, "expire on June 30, 1987", "1987-06-30"],
    ["The offer expires March 31 at 5 p.m. EST.", REF, "expires March 31", "1987-03-31"],
    [
      "The offer will expire at 5 p.m. EST on March 31.",
      REF,
      "expire at 5 p.m. EST on March 31",
      "1987-03-31",
    ],
    [
      "Bids must be received by the close of business on March 31.",
      REF,
      "by the close of business on March 31",
      "1987-03-31",
    ],
    [
      "The offer was extended until 12 midnight on April 3.",
      REF,
      "until 12 midnight on April 3",
      "1987-04-03",
    ],
    ["Bids are due April 15.", REF, "are due April 15", "1987-04-15"],
    ["Bids are due April 15.", null, "are due April 15", null],
    [
      "Offers are due by 1200 hrs EDT, April 13, and will remain valid until the close of business April 14.",
      REF,
      "are due by 1200 hrs EDT, April 13",
      "1987-04-13",
    ],
    ["The exchange offer would terminate on April 30.", REF, "terminate on April 30", "1987-04-30"],
    ["The tender offer terminated March 18.", REF, "terminated March 18", "1987-03-18"],
    [
      "Shares will be bought upon the expiration of the offer on April 3.",
      REF,
      "expiration of the offer on April 3",
      "1987-04-03",
    ],
    [
      "The government has set June 30 as the date for compliance.",
      REF,
      "set June 30 as the date",
      "1987-06-30",
    ],
    ["The notice must be filed 30 days after the sale.", REF, "30 days after", null],
    // company calendars: the next quarter end on or after the reference day, a year fixes it without one
    [
      "Norcorp must sell the unit by the end of the first quarter.",
      "1987-11-10",
      "by the end of the first quarter",
      "1988-03-31",
    ],
    [
      "Norcorp must sell the unit by the end of the first quarter.",
      "1987-02-10",
      "by the end of the first quarter",
      "1987-03-31",
    ],
    [
      "Norcorp must sell the unit by the end of the first quarter.",
      null,
      "by the end of the first quarter",
      null,
    ],
    [
      "Norcorp must sell the unit by the end of the first quarter of 1988.",
      null,
      "by the end of the first quarter of 1988",
      "1988-03-31",
    ],
    [
      "The agreement requires Norcorp to sell the unit by year-end.",
      "1987-05-10",
      "by year-end",
      "1987-12-31",
    ],
    [
      "Norcorp must sell the unit by the end of the current quarter.",
      "1987-05-10",
      "by the end of the current quarter",
      "1987-06-30",
    ],
    [
      "Norcorp must sell the unit by the end of next quarter.",
      "1987-05-10",
      "by the end of next quarter",
      "1987-09-30",
    ],
    [
      "Norcorp must sell the unit by the end of the second half.",
      "1987-05-10",
      "by the end of the second half",
      "1987-12-31",
    ],
    // a fiscal year differs by company, a quarter alone names no day
    [
      "Norcorp must sell the unit before the end of its fiscal year.",
      "1987-05-10",
      "before the end of its fiscal year",
      null,
    ],
    ["Norcorp must sell the unit by the first quarter.", "1987-05-10", "by the first quarter", null],
    [
      "The interior ministry gave the Westmark charge d'affaires 48 hours to leave the country.",
      REF,
      "gave the Westmark charge d'affaires 48 hours to",
      "1987-03-22",
    ],
  ]);

  it("a cut effective from one day through another is not a limit", () => {
    expect(deadlineTag("The tariff cut will be effective from April 1 through June 30.")).toBeUndefined();
  });
});
