/**
 * Expulsions families of issue 8's fifth pass, for an expulsion-rich set full of near misses. The main one: an
 * expel or deport word and a diplomat word in one sentence, where the people expelled are someone else (migrants,
 * players, students, fighters, a diplomat's son) and the diplomat only speaks, protests or is recalled. Also a
 * party or school doing the expelling, being thrown out of a place, former envoys; and on the YES side limits
 * stated without an order verb ("must leave", "has 72 hours to leave"), missions capped "to 30 staff", UN
 * investigators and single embassy employees. Every text is written for this test (invented countries).
 */
import { describe } from "vitest";
import { topicCases } from "../../support/topic-cases.ts";

const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-03-14");

describe("the people expelled are not diplomats, though a diplomat is in the sentence (NO)", () => {
  expectExpulsions(
    [
      // the diplomats themselves, next to the same words, stay YES
      "Estmark expels two Westmark diplomats and thirty migrants who crossed with them.",
      "Estmark expelled Westmark diplomats it accused of organising the protesters.",
    ],
    [
      "Estmark deports 300 Westmark migrants, and Westmark summons Estmark's ambassador in protest.",
      "Estmark expelled dozens of Westmark migrants, prompting Westmark to recall its ambassador.",
      "Estmark's envoy said migrants would be deported.",
      "Westmark's ambassador said the expelled players had broken the rules.",
      "The ambassador warned that students could be expelled for protesting.",
      "Estmark deported the Westmark activist who had disrupted the ambassador's speech.",
      "Estmark expelled the migrants, the Westmark ambassador said.",
      "The UN envoy called on both sides to expel foreign fighters.",
      "Estmark expels foreign fighters, the UN envoy says.",
    ],
  );
});

describe("parties, schools, places, relatives and former envoys (NO)", () => {
  expectExpulsions(
    [],
    [
      "The ruling party expelled the former ambassador for criticising the leader.",
      "The party expels a former envoy who joined the opposition.",
      "The university expelled the son of the Westmark ambassador.",
      "The ambassador's son was deported after the crash.",
      "An Estmark diplomat was kicked out of a bar after a fight.",
    ],
  );
});

describe("limits and caps stated without an order verb; UN investigators; one embassy employee (YES)", () => {
  expectExpulsions(
    [
      "The foreign ministry said the Westmark deputy ambassador must leave the country within 48 hours.",
      "The Westmark ambassador has 72 hours to leave the country.",
      "Estmark reduces the permitted staff of the Westmark embassy to five.",
      "Estmark will limit Westmark's embassy to 30 staff.",
      "Estmark ordered a reduction in the number of Westmark diplomats.",
      "Estmark expels UN human rights investigators.",
      "Estmark expels the resident coordinator of the United Nations.",
      "Estmark expelled a Westmark embassy employee accused of spying.",
      "The government ordered the International Committee of the Red Cross to close its office and its foreign staff to leave.",
    ],
    [
      "Foreigners must leave the country within 30 days, the ambassador said.",
      "The ambassador has two weeks to present his credentials.",
      "Estmark told its diplomats to leave Westmark within 48 hours.",
      "Estmark limits its embassy in Westmark to ten staff for safety.",
      "Estmark said it would cut the number of staff at its embassies abroad.",
      "Estmark summoned Westmark's envoy and demanded an explanation.",
    ],
  );
});

describe("calls for an expulsion by people who are not the state, denied orders, other expelled trades (NO)", () => {
  expectExpulsions(
    [
      "Estmark's parliament votes to expel the Westmark ambassador.",
      "Estmark said it would expel one Westmark diplomat for every Estmark diplomat expelled.",
      "Estmark recalls its ambassador and orders Westmark's envoy to leave.",
    ],
    [
      "Protesters demanded the expulsion of the Westmark ambassador.",
      "Opposition leaders called for the Westmark ambassador to be expelled.",
      "A petition urging the government to expel the Westmark ambassador gathered 10,000 signatures.",
      "Westmark denied that it had ordered any Estmark diplomats to leave.",
      "The Westmark ambassador was summoned after the expulsion of Estmark fishermen.",
    ],
  );
});
