/**
 * Day shapes and obligation words of news copy that the deadline extractor missed (issue 8, probes written for
 * this test): a weekday written before its date ("by Friday, March 21": the date decides, not the next Friday),
 * a part of the day before a day ("by dawn on Monday"), and an order given through "told <someone> to", but not
 * what an audience is told ("told reporters not to expect a decision before March 31"). Invented names only.
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-03-12");

describe("a weekday written before its date: the date decides", () => {
  expectDates([
    ["Troops must leave the town by Friday, March 21.", "2025-03-12", "by Friday, March 21", "2025-03-21"],
    [
      "Norcorp said the offer expires at midnight on Tuesday, April 1, 1987.",
      null,
      "expires at midnight on Tuesday, April 1, 1987",
      "1987-04-01",
    ],
    ["The deadline is Tuesday, 25 March.", "2025-03-12", "deadline is Tuesday, 25 March", "2025-03-25"],
    [
      "Valdoria must answer no later than Wednesday, April 16.",
      "2025-03-12",
      "no later than Wednesday, April 16",
      "2025-04-16",
    ],
    // Without a date, the weekday is still the next one.
    ["They must answer by Friday.", "2025-03-12", "by Friday", "2025-03-14"],
  ]);
});

describe("a part of the day before a day", () => {
  expectDates([
    [
      "The rebels were told to lay down their arms by dawn on Monday.",
      "2025-03-12",
      "by dawn on Monday",
      "2025-03-17",
    ],
    [
      "The convoy must leave the city by dusk on Friday, March 21.",
      "2025-03-12",
      "by dusk on Friday, March 21",
      "2025-03-21",
    ],
  ]);
});

describe("an order through 'told <someone> to', not what an audience is told", () => {
  expectDeadline(
    [
      "The regulator told Estmark Bank to raise fresh capital by the end of the third quarter.",
      "Officials told the settlers to leave the valley by Friday.",
    ],
    [
      "The finance minister told reporters not to expect any decision before March 31.",
      "The chief executive told Reuters he hoped to finish the sale by June.",
      "The minister told parliament it expected to balance the budget by 1990.",
      "Norcorp told analysts to look for a recovery by the end of the year.",
    ],
  );
});
