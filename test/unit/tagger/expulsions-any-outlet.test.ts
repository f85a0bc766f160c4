/**
 * Expulsions near misses added in issue 8's fourth pass: a state demanding that another withdraw its envoy
 * (forced departure, even without "to leave"), the heads of UN agencies ordered out, and the recalls, domestic
 * demands and departures of other people next to them. Every text is written for this test (invented countries:
 * Estmark, Westmark).
 */
import { describe } from "vitest";
import { topicCases } from "../../support/topic-cases.ts";

const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-03-14");

describe("a state demanding that another withdraw its envoy (YES: forced departure)", () => {
  expectExpulsions(
    [
      "Estmark demanded that Westmark withdraw its ambassador.",
      "Estmark insisted that Westmark remove its military attaché within a week.",
      "The ministry demanded that the Westmark embassy recall its staff by Friday.",
    ],
    [
      // a domestic demand that one's own government recall its envoy is a recall, not an expulsion
      "The opposition demanded that the government recall its ambassador from Westmark.",
      "Lawmakers insisted that the foreign ministry withdraw its diplomats from the war zone.",
      "Estmark recalled its ambassador from Westmark for consultations.",
      "Westmark withdrew its ambassador in protest.",
      "The ambassador will be recalled, the president said.",
    ],
  );
});

describe("heads and staff of UN agencies ordered out (YES) and other people (NO)", () => {
  expectExpulsions(
    [
      "The junta ordered the head of the UN aid agency to leave the country.",
      "Estmark told the representative of UNICEF to leave within 72 hours.",
      "The government expelled the chief of the UN human rights office.",
    ],
    [
      "The university expelled the students who occupied the UN office.",
      "Estmark deported 300 migrants to Westmark.",
      "The head of the UN aid agency left the country at the end of her posting.",
    ],
  );
});
