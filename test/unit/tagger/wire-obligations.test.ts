/**
 * Third pass on business, legal and wire copy (issue 8): obligations stated with "must ... by", conditions on
 * a day ("if it fails to ... by"), invitations to tender "up to" a day and subscription windows that run "from
 * one day until another", with the look-alikes that must stay untagged (visits and terms of office that run
 * between two days, forecasts with "by"). Every text is written for this test (invented companies, places and
 * people); none is taken from any corpus or article.
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

const tagger = loadTagger();
const REF = "1987-03-20"; // a Friday
const deadlineTag = (text: string, referenceDate: string | null = REF) =>
  tagger.tag(text, referenceDate ? { referenceDate } : {}).find((t) => t.topic === "deadline");

function expectDeadline(yes: readonly string[], no: readonly string[]) {
  for (const text of yes) it(`tags deadline: ${text}`, () => expect(deadlineTag(text)).toBeDefined());
  for (const text of no)
    it(`does not tag deadline: ${text}`, () => expect(deadlineTag(text)).toBeUndefined());
}

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
