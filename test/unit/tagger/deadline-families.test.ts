/**
 * The deadline rule families of the guidelines' section on business, legal and wire copy (issue 8), each with
 * positives and negatives, and the date each limit resolves to. Every text is written for this test (invented
 * companies and countries: Norcorp, Estmark, Westmark...); none is taken from any corpus or article.
 */
import { describe, expect, it } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const REF = "2025-03-14"; // a Friday
const { deadlineTag, expectDeadline } = deadlineCases(REF);

describe("offers and windows that expire, are extended or stay open (YES)", () => {
  expectDeadline(
    [
      "Norcorp said its tender offer and withdrawal rights will expire at midnight on April 9 unless extended.",
      "The exchange offer expired on Thursday with 92 pct of the notes tendered.",
      "Westbank extended its cash offer for Portville Mills until May 2.",
      "The company extended the expiration of its class B warrants to June 30 from April 11.",
      "The rights offering will expire on August 3.",
      "Norcorp's buyout proposal remains open until July 17.",
      "Dealers said the rebate programme was extended to the end of April.",
      "Rebates apply to cars bought until March 31 under the incentive programme.",
      "Subscriptions to the bond offer close on March 25.",
      "The bid lapsed on Friday after too few shareholders accepted.",
      "The tender, which had been scheduled to expire on March 21, now runs until March 28.",
      "It said the offer would not be valid unless it held half the shares after the April 3 expiration.",
    ],
    [
      // an offer that is only mentioned, with no stated time
      "Norcorp said it was studying the offer and would respond shortly.",
      "The offer is conditional on financing.",
    ],
  );
});

describe("obligations: has until, no later than, due by, given N days, the date by which (YES)", () => {
  expectDeadline(
    [
      "Shareholders have until March 31 to exercise their rights.",
      "Westmark has until the next round of talks to come up with a better offer or face tariffs.",
      "Bids must be submitted no later than June 15.",
      "Quarterly filings are due by April 30.",
      "Congress now has 15 days to block the sale.",
      "The agreement gave each side 30 days to sign a final contract.",
      "The bill would move the date by which the panel must report to March 31, 2026.",
      "Signup for the programme will be over by the end of this month.",
      "Applications close on Friday at 5 p.m.",
      "Tariffs will take effect on August 1 unless a trade deal is reached.",
    ],
    [
      "The committee has postponed until March 10 its meeting on the bill.",
      "The annual meeting was adjourned until May 11 after a director died.",
      "The notes will have maturities from nine months to 15 years.",
      "The borrower will have the option after 10 months to request an extension.",
    ],
  );
});

describe("legal and wire wording: business days, 'due within', closing dates, extensions by a span (YES)", () => {
  expectDeadline(
    [
      "The company must respond within five business days.",
      "Under the contract, payment is due within 30 days of delivery.",
      "The closing date for applications is April 4.",
      "Friday is the last day for voters to register.",
      "Norcorp extended its tender offer by two weeks.",
      "The exchange offer will remain open for 21 days.",
      "The expiration date of the rebate programme is March 31.",
    ],
    ["The last day of the festival drew the biggest crowd.", "The closing date of the merger is not known."],
  );
});

describe("dates of the legal wording", () => {
  const cases: [string, string | null, string | null][] = [
    // business days count Monday to Friday: five from Friday 14 March is Friday 21 March
    ["The company must respond within five business days.", "within five business days", "2025-03-21"],
    ["Parties must reply within 10 calendar days.", "within 10 calendar days", "2025-03-24"],
    // a span counted from an undated event is not counted from the reference day
    ["Payment is due within 30 days of the invoice.", "within 30 days", null],
    ["The expiration date is March 31.", "expiration date is March 31", "2025-03-31"],
    [
      "The closing date for applications is April 4.",
      "closing date for applications is April 4",
      "2025-04-04",
    ],
    ["Friday is the last day for voters to register.", "Friday is the last day", "2025-03-14"],
  ];
  for (const [text, phrase, date] of cases) {
    it(`${text} -> ${date}`, () => expect(deadlineTag(text)?.deadline).toEqual({ phrase, date }));
  }
});

describe("government or regulator setting a time limit (YES)", () => {
  expectDeadline(
    [
      "All sales under the credit line must be registered by September 30.",
      "Federal law requires investors to disclose large stakes within 10 days.",
      "The regulator ordered the plant shut down within 36 hours.",
      "Officials demanded a report within seven days on the security plans.",
      "Westmark wants Estmark to remove the quota by April 2026, the trade envoy said.",
      "Banks are given a two-year grace period to meet the new capital rule.",
      "Russia demands defenders surrender by 5 a.m.",
    ],
    [],
  );
});

describe("statutory periods and contracts simply expiring (BORDERLINE: a weak tag or none)", () => {
  it("a statutory waiting period that expires is tagged at the threshold, no higher", () => {
    expect(deadlineTag("The statutory waiting period expired on Friday.")?.score).toBe(0.5);
  });
  expectDeadline(
    [],
    [
      "The current labour contract expires on June 30.",
      "The pact, which expires in October, will be replaced by a new one.",
      "The standstill agreement expiring on June 30 will be renewed.",
      "The central bank's nine-day advances expire tomorrow.",
    ],
  );
});

describe("plans, targets and forecasts are not deadlines (NO)", () => {
  expectDeadline(
    [],
    [
      "Norcorp expects to file a registration statement within the next 60 days.",
      "The company plans to introduce more products within the next two months.",
      "The new model will be available across Europe within four months.",
      "The buffer stock manager is expected to begin buying within the next three weeks.",
      "The crop could be sown within a week if the weather holds.",
      "A bridge loan can be delivered within 24 hours after a request.",
      "Analysts predicted the excess supply would be gone by 1990.",
      "A slight demand increase should help to burn off the surplus by 1990.",
      "Banks will need more room to compete by 1992, when the single market is due to open.",
      "The group aims to cut its debt by half by the end of 2026.",
      "The deal is expected to close by June.",
      "Technology exchanges will begin within the next three months.",
    ],
  );
});

describe("bond maturities, record, payment and meeting dates, loan terms (NO)", () => {
  expectDeadline(
    [],
    [
      "Norcorp is offering 100 mln dlrs of notes due 1992.",
      "The debentures due July 15, 2015 were priced at par.",
      "The dividend is payable April 15 to holders of record on March 31.",
      "The board set April 30 as the record date for the spinoff.",
      "The 10-year loan has a four-year grace period.",
      "The accord stretched repayments over 17 years with a seven-year grace period.",
      "The card has a 25-day grace period for purchases.",
      "Rates were likely to tighten again once this month's tax payment period is felt.",
      "The bank said its assets grew in the three month period to reach 153 billion at end-March.",
      "Officials said this amounted to a grace period, something the banks had refused to grant.",
      "There will be no call before March 26, 2030 unless the share price is high.",
    ],
  );
});

describe("'demand' the noun and 'no deadline' (NO)", () => {
  expectDeadline(
    [],
    [
      "Oil demand is forecast to recover by the end of the year.",
      "The minister did not give a deadline for compliance.",
      "The king has no formal deadline for announcing his decision.",
    ],
  );
  expectDeadline(["Westmark rejected the demand that it disarm the militia by the end of the year."], []);
});

describe("deadline dates in wire and legal copy", () => {
  const cases: [string, string | null, string, string | null][] = [
    // number words for days, as wire copy writes one to nine
    ["The rights offering will expire August Three.", "1987-07-20", "expire August Three", "1987-08-03"],
    [
      "The offer expires at midnight April nine unless extended.",
      "1987-03-30",
      "expires at midnight April nine",
      "1987-04-09",
    ],
    // without a reference date only an explicit year fixes the day
    ["The rights offering will expire August Three.", null, "expire August Three", null],
    [
      "The amended offer expires midnight New York time on April three, 1987, unless extended.",
      null,
      "expires midnight New York time on April three, 1987",
      "1987-04-03",
    ],
    [
      "Shares must be tendered no later than June 15, 1987.",
      null,
      "no later than June 15, 1987",
      "1987-06-15",
    ],
    [
      "Bids must be received by the close of business on March 31.",
      "2025-03-14",
      "by the close of business on March 31",
      "2025-03-31",
    ],
    [
      "The cash offer expired at 2000 EST yesterday.",
      "2025-03-14",
      "expired at 2000 EST yesterday",
      "2025-03-13",
    ],
    [
      "Norcorp extended its offer for Portville Mills until May 1.",
      "2025-03-14",
      "until May 1",
      "2025-05-01",
    ],
    [
      "The board extended the exercise period for its warrants until March 31, 1988 from March 31, 1987.",
      null,
      "until March 31, 1988",
      "1988-03-31",
    ],
    [
      "The bill would extend the date by which the panel must report to March 31, 1988.",
      null,
      "to March 31, 1988",
      "1988-03-31",
    ],
    ["One must be held before June, 1988.", null, "before June, 1988", "1988-06-01"],
    ["Tariffs take effect on August 1 unless a deal is reached.", "2025-07-10", "on August 1", "2025-08-01"],
    [
      "It said the offer lapses after the April 3 expiration.",
      "2025-03-14",
      "April 3 expiration",
      "2025-04-03",
    ],
    // a year that names something ("the 1985 farm bill") is not the limit
    [
      "The panel, mandated by the 1985 farm bill, must report by March 31, 1988.",
      null,
      "by March 31, 1988",
      "1988-03-31",
    ],
  ];
  for (const [text, ref, phrase, date] of cases) {
    it(`${text} (ref ${ref ?? "none"}) -> ${date}`, () => {
      expect(deadlineTag(text, ref)?.deadline).toEqual({ phrase, date });
    });
  }

  it("an extension's new limit wins over the old expiry in the same story", () => {
    const text =
      "Norcorp extended the deadline of its exchange offer to 1700 CDT April 24, 1988. The offer had been scheduled to expire April 13, 1988.";
    expect(deadlineTag(text, null)?.deadline?.date).toBe("1988-04-24");
  });
});

describe("issue 12: 'by the Nth' when N is the reference day", () => {
  it("resolves to the reference day itself, not to the same day next month", () => {
    expect(deadlineTag("Firms must file their returns by the 14th.", "2025-03-14")?.deadline).toEqual({
      phrase: "by the 14th",
      date: "2025-03-14",
    });
  });
  it("a day already past moves to next month, a later day stays in this one", () => {
    expect(deadlineTag("Firms must file their returns by the 13th.", "2025-03-14")?.deadline?.date).toBe(
      "2025-04-13",
    );
    expect(deadlineTag("Firms must file their returns by the 15th.", "2025-03-14")?.deadline?.date).toBe(
      "2025-03-15",
    );
  });
});

describe("more statutory and tender wording", () => {
  expectDeadline(
    [
      "The prime minister does not have to call an election until June 2026.",
      "Norcorp won a filing extension from the court.",
      "The ministry will hold a buying tender on April 8, for reply by April 10.",
      "The bond is on sale until June 26.",
      "The bill demanded a report within seven days on plans to meet the security needs.",
    ],
    ["The minister will call a meeting until further notice.", "Its plans to expand by 2027 are on hold."],
  );
});

describe("tender copy: offers due by a clock time and windows that close", () => {
  expectDeadline(
    [
      "Offers are due by 1550 hrs EDT, April 13, the agent said.",
      "The private tender offer closes on April 16.",
      "The central bank sold bills at its weekly tender closing on March 6.",
    ],
    ["The market closes higher on Friday.", "The shop closing on Main Street was mourned."],
  );
  it("a window that closes resolves to its day", () => {
    expect(deadlineTag("The private tender offer closes on April 16.", "1987-04-10")?.deadline).toEqual({
      phrase: "closes on April 16",
      date: "1987-04-16",
    });
  });
});

describe("an order with a long object still binds its date", () => {
  expectDeadline(
    [
      "The transport ministry orders the national flag carrier Norair and the regional carrier Westjet Air to end their joint venture by January 1, 2026.",
    ],
    [],
  );
});

describe("political short news: long objects, laws that force, bare spans, market demand", () => {
  expectDeadline(
    [
      "Estmark gives the people of the northern districts 24 hours to leave.",
      "The interim council promises elections within six months.",
      "The court orders Norcorp divestment of the unit by 2026.",
      "Westmark demands Estmark withdraw by Friday.",
      "The two sides have a 60-day period to negotiate a settlement.",
      "The law seeks to force the sale of the app by January 19.",
    ],
    ["Oil demand will recover by the end of the year, analysts said."],
  );
});
