/**
 * Intelligence families of issue 8's fifth pass (long articles and reviews from other outlets): "spy" as seeing
 * (shoppers spy bargains, a camera spies a thief), spy-themed toys with a word between ("a spy satellite toy"),
 * and fiction told by its synopsis or its cast ("the series follows a retired spy", "she plays a spy in the new
 * comedy"). Real spying next to the same words stays YES. Every text is written for this test (invented names).
 */
import { describe } from "vitest";
import { topicCases } from "../../support/topic-cases.ts";

const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-03-14");

describe("'spy' in the sense of seeing, and toys", () => {
  expectIntelligence(
    [
      "The agency's spies spotted a gap in the border defences.",
      "Police say the CCTV footage shows the spy meeting his handler.",
      "Estmark launched a new spy satellite to watch Westmark's missile sites.",
      "The officer spied for Westmark for a decade before leaving the service.",
    ],
    [
      "Shoppers can spy bargains in the January sales.",
      "The jeweller's hidden camera spied the thief.",
      "A spy satellite toy was the bestselling gift.",
      "Fans spied the singer leaving a restaurant in Portville.",
      "Neighbours spied the couple strolling along the quay.",
    ],
  );
});

describe("fiction told by its synopsis or its cast", () => {
  expectIntelligence(
    [
      "A former spy who plays the piano was arrested for treason.",
      "The spying case will be heard in a new series of closed hearings.",
    ],
    [
      "The new series follows a retired spy who runs a bakery.",
      "The show follows two spies who fall in love.",
      "She plays a spy in the new comedy.",
      "The actor plays a double agent in the hit comedy.",
    ],
  );
});
