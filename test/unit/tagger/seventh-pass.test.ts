/**
 * Issue 8's seventh pass, from a third set of probes written blind to the rules (150 short items, 24 articles of
 * 450 to 900 words and 130 expulsion-rich near misses, labelled by GUIDELINES.md): the families they showed the
 * tagger missing or over-reading. Every text here is written for this test (invented names: Norcorp, Estmark,
 * Valdoria, Westmark, Portville).
 */
import { describe, expect, it } from "vitest";
import { createTagger, type TopicDefinition } from "../../../lambdas/core/tagger/index.ts";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
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

describe("documentVetoes with scope 'sentence' drop only the sentences that carry the context", () => {
  const definition = (scope: "document" | "sentence" | undefined): TopicDefinition => ({
    name: "port-strikes",
    description: "Dock workers stopping work at a port.",
    threshold: 0.5,
    macros: {},
    terms: {
      strike: { patterns: ["strike"], caseSensitive: false },
      review: { patterns: ["film", "episode", "actor"], caseSensitive: false },
    },
    mask: [],
    vetoes: [],
    documentVetoes: [{ group: "review", minDistinct: 3, ...(scope ? { scope } : {}) }],
    rules: [{ id: "strike", all: ["strike"], weight: 0.9, ordered: true }],
  });
  const evidence = (scope: "document" | "sentence" | undefined, text: string) =>
    createTagger([definition(scope)])
      .tag(text)
      .map((t) => t.evidence);
  const mixed =
    "The film opens with a strike. One episode, one actor. Dockers strike at Portville on Monday.";
  it("a sentence without the context stands, and becomes the evidence", () => {
    expect(evidence("sentence", mixed)).toEqual(["Dockers strike at Portville on Monday."]);
  });
  it("when every fired sentence carries the context, the topic is dropped", () => {
    expect(evidence("sentence", "The film opens with a strike. One episode, one actor.")).toEqual([]);
  });
  it("the default scope drops the topic whatever the sentences", () => {
    expect(evidence(undefined, mixed)).toEqual([]);
    expect(evidence("document", mixed)).toEqual([]);
  });
  it("below minDistinct nothing is dropped", () => {
    expect(evidence("sentence", "The film opens with a strike.")).toEqual(["The film opens with a strike."]);
  });
});

describe("expulsions and deadline: a review's plot is no news, a studio's shareholders' limit is", () => {
  const review = [
    "The Last Envoy review: a Cold War thriller that never quite finds its nerve",
    "The screenplay, adapted from the novelist's best-known book, follows a weary consul through a long winter.",
    "In one scene the fictional foreign minister expels a roomful of Valdorian diplomats.",
    "A subplot gives the villain 48 hours to leave the country, and the film's clock ticks loudly.",
    "The characters never quite come alive, and the audience is left waiting.",
  ].join(" ");
  const studio = [
    "Norcorp Pictures bid: shareholders have until Friday",
    "Shareholders of Norcorp Pictures have until 5 p.m. on Friday to tender their shares, the companies said.",
    "The studio's latest film, starring newcomers, opened well, and its streaming arm ordered 20 new episodes.",
    "Analysts said the characters it owns, from its animated villains to its heroes, were the real prize.",
    "The film's director said the scenes shot in Portville would be finished by spring; the audience doubled.",
  ].join(" ");
  const tagger = loadTagger();
  const topics = (text: string) => tagger.tag(text, { referenceDate: "2025-06-09" }).map((t) => t.topic);
  it("the review raises neither topic", () => {
    expect(topics(review)).toEqual([]);
  });
  it("the studio story keeps its tender deadline", () => {
    expect(topics(studio)).toEqual(["deadline"]);
  });
  it("a real expulsion reported with a line about a film keeps the topic", () => {
    const news = [
      "Estmark expels five Westmark diplomats.",
      "The foreign ministry gave them 72 hours to leave.",
      "The episode recalls a scene from a Cold War novel, a film and its sequel, one analyst said, with its villains.",
    ].join(" ");
    expect(topics(news).sort()).toEqual(["deadline", "expulsions"]);
  });
});
