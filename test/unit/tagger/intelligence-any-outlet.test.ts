/**
 * Intelligence families found by sampling unlabelled wire and event copy (issue 8, fourth pass): agencies named in
 * their own languages or by acronyms that only mean an agency next to their country, and the NO cases the
 * guidelines list (customs and police intelligence, products, private snooping, corporate espionage, "spy" as
 * seeing). Every text is written for this test (invented people and firms: Estmark, Norsec...).
 */
import { describe } from "vitest";
import { topicCases } from "../../support/topic-cases.ts";

const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-03-14");

describe("agencies named in their own language", () => {
  expectIntelligence(
    [
      "The Bundesnachrichtendienst warned ministers about sabotage on the rail network.",
      "Germany's Verfassungsschutz put the group under observation.",
      "The Direction générale de la sécurité extérieure declined to comment on the arrest.",
      "A spokesman for the Direction generale de la securite interieure confirmed the raid.",
      "Spain's Centro Nacional de Inteligencia was accused of tapping the phones.",
      "Sweden's Säpo raised the terror threat level.",
      "The Czech Security Information Service named two diplomats as officers.",
      "Historians opened the NKVD files on the purge.",
      "New Zealand's GCSB said the network had been compromised by a foreign state.",
    ],
    [
      // the words alone in other senses
      "The minister spoke about national security at the conference.",
      "The bank's information service was down for an hour.",
    ],
  );
});

describe("acronyms that mean an agency only next to their country", () => {
  expectIntelligence(
    [
      "South Korea's NIS told lawmakers the troops had been deployed.",
      "China's MSS warned students about foreign recruiters.",
      "Spain's CNI monitored the politicians' phones.",
      "Italy's AISE is handling the kidnapping case.",
      "Turkey's MIT captured the suspect in a cross-border operation.",
      "An MIT intelligence officer was detained in the capital.",
    ],
    [
      "Researchers at MIT built a faster battery.",
      "An MIT defense expert said the missile was old.",
      "The deal is worth NIS 40 million, the Israeli firm said.",
      "AISI figures showed steel shipments rose in March.",
      "The CNI index of consumer prices rose.",
    ],
  );
});

describe("security agencies in the plural", () => {
  expectIntelligence(
    ["The blogger was jailed for criticising the president and the state security agencies."],
    ["The airport's security staff searched every bag."],
  );
});

describe("customs, police and product 'intelligence' (NO)", () => {
  expectIntelligence(
    [
      // an intelligence service's own officers still count
      "Officers of the foreign intelligence service were expelled.",
    ],
    [
      "Customs intelligence officers seized 200 kilos of cocaine at the port.",
      "Tax intelligence officials traced the money to three shell firms.",
      "Norsec won a contract from the customs service to build an intelligence system for the border.",
      "The sale would leave the navy dependent on a foreign supplier for chips used in missiles and intelligence gathering.",
    ],
  );
});

describe("private snooping and corporate espionage (NO), state espionage (YES)", () => {
  expectIntelligence(
    [
      "The engineer was charged with industrial espionage for China.",
      "The wife of a jailed spy pleaded for his release.",
      "Estmark accused the diplomat of spying for Westmark.",
    ],
    [
      "A rival carmaker was accused of industrial espionage over battery designs.",
      "The detective agency spied on the tycoon's former business partner for months.",
      "Private investigators spied on the activists for an oil company.",
      "He installed an app to spy on his wife's messages.",
      "The new satellite will spy on crops to forecast harvests.",
    ],
  );
});

describe("'SPY' as a word in wire headlines, 'SPY' as a ticker", () => {
  expectIntelligence(
    ["MARINE ARRESTED IN SPY SCANDAL AT EMBASSY.", "ESTMARK SENTENCES ENGINEER IN SPY CASE."],
    ["SPY falls 2% as chip stocks slide.", "Options on SPY traded heavily (SPY) before the close."],
  );
});
