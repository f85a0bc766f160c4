/**
 * Issue 8's seventh pass, from a third set of probes written blind to the rules (150 short items, 24 articles of
 * 450 to 900 words and 130 expulsion-rich near misses, labelled by GUIDELINES.md): the families they showed the
 * tagger missing or over-reading. Every text here is written for this test (invented names: Norcorp, Estmark,
 * Valdoria, Westmark, Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-04-10");
const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-04-10");
const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-04-10");

describe("deadline: clock times written with a point, and 'this morning' or 'tomorrow morning'", () => {
  expectDates([
    [
      "Voters have until 11.59pm on 18 June to register.",
      "2025-06-12",
      "until 11.59pm on 18 June",
      "2025-06-18",
    ],
    ["The offer closes at 5.30pm on Friday.", "2025-06-10", "closes at 5.30pm on Friday", "2025-06-13"],
    [
      "The ultimatum to Valdoria expired at 4.30 this morning without a reply.",
      "2025-06-10",
      "ultimatum to Valdoria expired at 4.30 this morning",
      "2025-06-10",
    ],
    [
      "The ultimatum expired this morning without a reply.",
      "2025-06-10",
      "ultimatum expired this morning",
      "2025-06-10",
    ],
    [
      "The ultimatum expires at 4.30 tomorrow morning.",
      "2025-06-10",
      "ultimatum expires at 4.30 tomorrow morning",
      "2025-06-11",
    ],
  ]);
  // A price with two decimals is no clock time.
  expectDeadline([], ["Norcorp shares rose by 3.50 to 41.25 on Friday."]);
});

describe("deadline: a long clause before 'passed', and a price before the extended offer's day", () => {
  expectDates([
    [
      "A deadline set by the kidnappers for the release of the prisoners passed at noon on Sunday with no word.",
      "2025-06-10",
      "deadline set by the kidnappers for the release of the prisoners passed at noon on Sunday",
      "2025-06-08",
    ],
    [
      "Norcorp said it extended its $31-a-share tender offer for Westmark Foods Corp. to 5 p.m. EST on Feb. 27.",
      "1987-02-13",
      "to 5 p.m. EST on Feb. 27",
      "1987-02-27",
    ],
  ]);
});

describe("deadline: 'deadline' as the pressure of a job is no time limit", () => {
  expectDeadline(
    [
      "Every bidder faces a deadline of 5pm on Friday.",
      "Each member state was given a deadline of June 30 to submit its plan.",
    ],
    [
      "'Every shift is a deadline': nurses describe the pressure on the wards.",
      "Reporters live with constant deadlines and little sleep.",
    ],
  );
});

describe("expulsions: told to withdraw some of its own diplomats, forced staff cuts, a UN force to be withdrawn", () => {
  expectExpulsions(
    [
      "Estmark has asked Valdoria to withdraw around 40 of its diplomats by October 10.",
      "Moscow told Westmark to bring home five of its diplomats within a week.",
      "Valdoria faces an air embargo and a mandatory cut in the staff of its embassies abroad.",
      "Estmark formally asked that the United Nations force be withdrawn from its territory.",
    ],
    [
      "The ministry ordered the embassy to withdraw its non-essential staff from Portville.",
      "The president asked the foreign ministry to recall its ambassador for consultations.",
      "Westmark decided to withdraw two thirds of its diplomats from Estmark after the threat.",
      "The UN asked troop-contributing countries to send more peacekeepers.",
      "Valdoria asked for the UN mission to be strengthened.",
    ],
  );
});

describe("intelligence: fiction named by its box office, stage adaptation or renewal for a season", () => {
  expectIntelligence(
    [
      "MI5 said the stage had been set for a wave of sabotage.",
      "The CIA said the hunt for the leaker was over.",
    ],
    [
      "The film, in which the hero's old CIA friend lures him out of retirement, topped the box office again.",
      "The streaming service has renewed the show about disgraced MI5 officers for a fifth and sixth season.",
      "A stage adaptation of the Cold War novel, following a weary MI6 agent, opens in Portville tonight.",
    ],
  );
});

describe("intelligence: bars and cooks named after agencies, a bird spied, products named Intelligence", () => {
  expectIntelligence(
    [
      "He was accused of having spied a decade for Estmark.",
      "The engineer was recruited to spy for a foreign power.",
      "Army Intelligence said the brigade had withdrawn.",
      "Police arrested the clerk, accusing him of trying to buy secret aviation documents from an engineer.",
    ],
    [
      "Portville's KGB Bar, the literary haunt, marks its 30th anniversary with a reading.",
      "The chef, a CIA graduate, trained in Lyon, the Culinary Institute of America's newsletter said.",
      "Birdwatchers on the coast were thrilled to spy a rare warbler this autumn.",
      "Users can switch off Galaxy Intelligence features in the settings.",
      "The laptop ships with the maker's new Smart Intelligence assistant.",
      "The museum displayed secret wartime documents from the archive.",
      "She was accused of stealing secret family recipes from her former employer.",
    ],
  );
});
