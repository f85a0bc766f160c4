/**
 * Third pass on business, legal and wire copy (issue 8): obligations stated with "must ... by", conditions on
 * a day ("if it fails to ... by"), invitations to tender "up to" a day and subscription windows that run "from
 * one day until another", with the look-alikes that must stay untagged (visits and terms of office that run
 * between two days, forecasts with "by"). Every text is written for this test (invented companies, places and
 * people); none is taken from any corpus or article.
 */
import { describe, expect, it } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const REF = "1987-03-20"; // a Friday
const { deadlineTag, expectDeadline, expectDates } = deadlineCases(REF);

describe("an obligation stated with 'must ... by' (YES, even when a forecast follows)", () => {
  expectDeadline(
    [
      "Under the charter the premier must dissolve the assembly by October 1988, though most expect her to go sooner.",
      "The Estmark council must approve the budget by April 30 but is widely expected to delay.",
      "Norcorp has to repay the bridge loan by June 15, its bankers said.",
    ],
    [
      "Norcorp expects sales to rise by June, its chairman said.",
      "The dollar must have fallen by two pfennigs since Monday, a dealer said.",
    ],
  );
});

describe("a condition on a day (YES)", () => {
  expectDeadline(
    ["If the cooperative is unable to find a buyer by May 12, its members will go elsewhere, a source said."],
    ["If prices keep rising, the cooperative will find a buyer, a source said."],
  );
});

describe("tenders invited up to a day and subscription windows between two days (YES)", () => {
  expectDeadline(
    [
      "The state trading agency said it had invited tenders up to May 20 for the import of 50,000 tonnes of cement.",
      "Subscription is from April 2 until April 9, with payment on April 30.",
      "The subscription period for the rights issue runs from March 30 to April 14, the bank added.",
    ],
    [
      "The minister will be in Westmark from June 3 to June 6 for talks on trade.",
      "He served as chairman of the board from May 1980 until June 1985.",
      "The state trading agency bought 50,000 tonnes of cement for delivery up to June.",
    ],
  );

  it("an invitation to tender up to a dated day resolves to that day", () => {
    expect(
      deadlineTag("Westmark Grain Board said it had invited tenders up to April 11, 1987 for wheat.", null)
        ?.deadline,
    ).toEqual({ phrase: "up to April 11, 1987", date: "1987-04-11" });
  });
});

describe("'at the latest' on its own is no limit", () => {
  expectDeadline(
    [],
    [
      "At the latest meeting of the council, members discussed the new clearing system.",
      "The minister said the country would need new satellites by 1995 at the latest.",
    ],
  );
});

describe("an offer's expiration extended (YES)", () => {
  expectDeadline(
    [
      "Norcorp said it had extended the expiration of its offer to buy all outstanding units of Westbank Realty Partners, a limited partnership, to April 9 from April 2.",
      "The unit said it extended the expiration date for its tender offer for Estmark Freight to midnight April 12.",
    ],
    [
      "The patent on the drug, which expires in May, was not extended, the company said.",
      "Norcorp said the expiration of the labour contract would not affect output.",
    ],
  );
});

describe("an offer or programme extended to a new day 'from' the old one, however long the object (YES)", () => {
  expectDeadline(
    [
      "Westmark Motors said it is extending its low-rate financing and cash-rebate incentive program on some 1987 and 1988 model cars and light trucks until May 4 from April 20.",
    ],
    [
      "Norcorp said it is extending its new hospital, clinic and laboratory network in the three northern provinces of Estmark and its capital to June from May.",
      "The board delayed the annual meeting of shareholders until May 4 from April 20.",
    ],
  );
});

describe("the period or date for doing something extended (YES)", () => {
  expectDeadline(
    [
      "The assembly voted to extend until June 30, 1988 the date for the farm commission to report on price supports.",
      "Norcorp said it extended until April 2 the period during which holders of its preferred stock may convert their shares.",
      "The court granted the company's request to extend for 60 days the period for the airline's unions to file objections.",
      "The acceptance period has been extended to April 30, the bank said.",
    ],
    [
      "A long strike could extend the length of time in which the central bank keeps rates low, economists said.",
      "The maturity date of the loan has been extended to 1992.",
      "The repayment period was extended to ten years under the accord.",
    ],
  );
});

describe("comments, bids or tenders asked for by a day (YES)", () => {
  expectDeadline(
    [
      "The department asked for public comments on the proposed grain standards by May 4.",
      "It invited bids by April 6, and the payment date for the loan is April 10.",
      "Norcorp seeks bids for its shipping unit by March 30.",
    ],
    [
      "The ministry plans to invite bids for the airport contract by the end of the year.",
      "The agency expects to seek comments on the rules by June.",
    ],
  );
});

describe("an offer to buy that runs until a time, and a window that ends at the close of the business day (YES)", () => {
  expectDeadline(
    [
      "Norcorp has offered to repurchase two million of its shares at 17 dlrs each until midnight, EST, March 9.",
      "The signup period for the wheat program officially ends at the close of the business day on March 30.",
    ],
    [
      "Norcorp offered to buy the plant last year and has run it until now.",
      "Norcorp said it will buy back shares through the end of the year if prices stay low.",
    ],
  );

  it("a clock time, a zone between commas and a day resolve to the day", () => {
    expect(
      deadlineTag(
        "Norcorp has offered to repurchase two million of its shares at 17 dlrs each until midnight, EST, March 9.",
        "1987-03-02",
      )?.deadline,
    ).toEqual({ phrase: "until midnight, EST, March 9", date: "1987-03-09" });
    expect(
      deadlineTag(
        "The signup period for the wheat program officially ends at the close of the business day on March 30.",
        "1987-03-02",
      )?.deadline,
    ).toEqual({ phrase: "ends at the close of the business day on March 30", date: "1987-03-30" });
  });
});

describe("'today' as the day a limit falls on (YES)", () => {
  expectDeadline(
    [
      "Norcorp said it is again extending its offer of 13 dlrs a share for Westbank Realty shares until today from yesterday.",
      "The exchange offer expires today, the company said.",
    ],
    [
      "By today's standards the offer was generous, analysts said.",
      "Norcorp shares rose today on the offer.",
    ],
  );

  it("'until today' resolves to the reference day", () => {
    expect(
      deadlineTag("Norcorp is extending its tender offer for Westbank shares until today.", "1987-03-20")
        ?.deadline,
    ).toEqual({ phrase: "until today", date: "1987-03-20" });
  });
});

describe("an offer or subscription that closed or expired at a stated time (YES)", () => {
  expectDeadline(
    [
      "Norcorp said 9.8 mln shares were tendered under its 26 dlr a share offer that closed at midnight EST March 13.",
      "The chairman said that when the offer for the ordinary shares closed on April 23, acceptances for 93 pct had been received.",
      "The latest state loan, subscriptions for which closed today, raised 160 billion francs.",
      "Norcorp's offer, which values the company at 500 mln francs, closes on June 24.",
      // the window's noun and its closing day a dozen words apart
      "The repurchase offer, managed by Westbank Securities and Estmark Capital Partners, opens April 10 and closes April 27.",
      "Norcorp said its offer for the remaining Westbank shares expired last Friday and will not be extended.",
    ],
    [
      "Norcorp shares closed at 72.50 guilders on Monday after the bid was announced.",
      "The stock closed on Friday at 12 dlrs, well below the offer price.",
      "Analysts noted that a currency hedge expired this September.",
    ],
  );

  it("'expired last Friday' is the Friday before the reference day", () => {
    expect(
      deadlineTag(
        "Norcorp said its offer for the remaining Westbank shares expired last Friday and will not be extended.",
        "1987-03-18",
      )?.deadline,
    ).toEqual({ phrase: "expired last Friday", date: "1987-03-13" });
  });
});

describe("'end June' (wire style, no 'of') as the last day of the month", () => {
  expectDates([
    [
      "In June the company raised the shares to 200,000 and extended the buyback program to end September 1987.",
      null,
      "to end September 1987",
      "1987-09-30",
    ],
    ["Norcorp must sell the unit by end June.", "1987-03-02", "by end June", "1987-06-30"],
    ["Norcorp must sell the unit by end-June.", "1987-03-02", "by end-June", "1987-06-30"],
    ["Norcorp must sell the unit by the end of June.", "1987-03-02", "by the end of June", "1987-06-30"],
  ]);
});

describe("submissions that should reach or be received by a day (YES), not forecasts that should reach a level", () => {
  expectDeadline(
    [
      "The agency said in its advertisement that bids should reach it before March 24.",
      "Applications must be received by the ministry by April 30.",
    ],
    [
      "Grain output should reach 450 mln tonnes by 1990, the paper said.",
      "Another twelve ships should arrive to load cereals by the end of the week.",
    ],
  );
});

describe("a period of N days set for public comment (YES)", () => {
  expectDates([
    [
      "The central bank set a 60-day period for public comment on the plan.",
      "1987-03-20",
      "60-day period",
      "1987-05-19",
    ],
  ]);
  expectDeadline([], ["The 60-day period ended with sales up 12 pct, the company said."]);
});

describe("a period already running is not counted from the reference day", () => {
  it("'the 180-day period for release began in February' gives no date", () => {
    const d = deadlineTag(
      "The court ruled that the 180-day period for mandatory release began in February, when the case moved.",
      "1987-08-08",
    )?.deadline;
    expect(d?.date ?? null).toBeNull();
  });
});
