/**
 * Deadline families of issue 8's fifth pass, found by auditing what the tagger fires on in unlabelled wire copy:
 * sentences whose obligation-like words are something else — a negated effect ("would not affect its ability to
 * pay down debt by year-end"), a hope ("to pave the way for a pact by September"), a modal forecast of a market
 * movement ("could push demand to 24 mln barrels by 1993", with "demand for <someone's> oil" a noun), products a
 * company says it will announce or open within a period, the options market's expiration day and a single option
 * expiring as a security term. Each is pinned with the real limits next to it. Every text is written for this test
 * (invented companies and countries: Norcorp, Estmark, Westmark).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-03-14");

describe("negated effects and capabilities are not unmet obligations", () => {
  expectDeadline(
    [
      "If the shelling does not stop by Friday, the army will respond.",
      "Norcorp said it had not paid the fee by the March 31 cut-off.",
    ],
    [
      "The buyback would not affect Norcorp's ability to pay down debt by year-end.",
      "The sale will not hurt the plan to cut costs by the end of the year.",
    ],
  );
});

describe("hopes and modal forecasts of markets are not limits", () => {
  expectDeadline(
    [
      "Estmark urged the producers to sign the quota pact by September.",
      "Westmark must repay the loan by June 30 or face default, the fund said.",
    ],
    [
      "He called for more talks to pave the way for a quota pact by September.",
      "The ruling clears the way for the merger by the end of June.",
      "Falling output could push demand for Estmark crude to 30 mln barrels a day by 1993.",
      "An analyst said the currency could fall below 90 to the dollar by 1994 if the reforms failed to take hold.",
      "Prices may climb above 40 dlrs by the end of the year, traders said.",
    ],
  );
});

describe("product plans announced for a period; the options market's expiration day; one option's term", () => {
  expectDeadline(
    ["The tender offer expires on June 1 unless extended.", "Norcorp was told it must reply within 30 days."],
    [
      "Norcorp will also announce three new printers within the next 12 months.",
      "The chain said it will open two more stores within the next three weeks.",
      "Traders cited problems during the March 20 expiration Friday.",
      "Index options and futures expire together on the quarterly expiration day.",
      "The board plans to grant managers an option expiring June 1, 1992 to buy shares.",
    ],
  );
  expectDates([
    ["The tender offer expires on June 1 unless extended.", "2025-03-14", "expires on June 1", "2025-06-01"],
  ]);
});

describe("hedged needs and trial periods are not limits", () => {
  expectDeadline(
    [
      "Norcorp does not have to call a shareholder vote until June 1988.",
      "The rebels were given 48 hours to respond and are likely to reject the terms.",
      "The company may have to sell the unit by June 30 under the court order.",
    ],
    [
      "Norcorp said it probably will not need to seek another rate increase until the end of 1988.",
      "The new quota will be given a few weeks to see if it works.",
      "The pilot scheme gets six months to see whether it cuts waiting times.",
    ],
  );
});

describe("a limit at a clock time written without a space ('by 6pm')", () => {
  // An optional space in a pattern (`6 ?pm`) once needed a space all the same, so "by 6pm" was no limit.
  expectDeadline(
    [
      "Residents of Portville were ordered to evacuate by 6pm local time.",
      "The ministry told the crews they must leave the harbour by 11am.",
    ],
    ["The concert starts at 8pm on Saturday.", "The shops close at 6pm on Sundays."],
  );
  expectDates([
    ["Residents must leave by 6pm on Friday.", "2025-03-12", "by 6pm on Friday", "2025-03-14"],
    ["Residents were told to leave by 6pm.", "2025-03-12", "by 6pm", "2025-03-12"],
  ]);
});
