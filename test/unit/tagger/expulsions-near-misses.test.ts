/**
 * Expulsions among their near misses (issue 8: an expulsion-rich set full of recalls, deportations of people
 * who are not diplomats, expulsions from parties and leagues, threats, journalists, things named Envoy).
 * Every text is written for this test (invented countries: Estmark, Westmark, Norland, Southland).
 */
import { describe } from "vitest";
import { topicCases } from "../../support/topic-cases.ts";

const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-03-14");

describe("recalls, summonses and broken ties are not expulsions", () => {
  expectExpulsions(
    [
      "Estmark recalls its ambassador after Westmark expels two of its diplomats.",
      "Estmark severed relations and gave Westmark's diplomats 48 hours to leave.",
    ],
    [
      "Estmark recalls its ambassador from Westmark for consultations after the vote.",
      "Westmark summons the Estmark ambassador to protest the border shooting.",
      "Estmark severs diplomatic relations with Westmark.",
      "Estmark threatens to cut ties with Westmark over the detention.",
      "Estmark orders its own diplomats to leave Westmark as fighting nears the capital.",
      "Estmark closes its embassy in Westmark citing security concerns.",
      "The UN evacuates non-essential staff from the capital.",
    ],
  );
});

describe("people who are not diplomats", () => {
  expectExpulsions(
    ["Estmark deports a Westmark diplomat caught photographing a base."],
    [
      "Estmark deports 300 Westmark migrants who entered without papers.",
      "Estmark deports 40 Westmark nationals after a raid on a factory.",
      "Police expel protesters from the grounds of the Westmark embassy.",
      "Estmark expels a Westmark journalist accused of spying.",
      "Estmark arrests a Westmark diplomat's driver.",
      "Estmark revokes the visa of a Westmark activist.",
    ],
  );
});

describe("expulsions from parties, leagues, schools and rooms; other senses of 'expel'", () => {
  expectExpulsions(
    [],
    [
      "The ruling party expels two senators who voted against the budget.",
      "The league expels the Westmark team over unpaid fees.",
      "Westmark's ambassador was expelled from the chamber after shouting at the speaker.",
      "The school expelled two students for cheating.",
      "The pump expels air from the chamber.",
      "Estmark bans the Westmark Human Rights Centre as an undesirable organisation.",
    ],
  );
});

describe("threats and plans count; refusals and denials do not", () => {
  expectExpulsions(
    [
      "Estmark threatens to expel the Westmark ambassador if the detentions continue.",
      "Estmark warns it could expel Westmark diplomats over the cyberattack.",
      "Norland said it would expel two Southland diplomats in response.",
    ],
    [
      "Estmark rules out expelling Westmark diplomats despite pressure from lawmakers.",
      "Estmark denies expelling Westmark diplomats.",
      "Estmark will not expel the Westmark ambassador, the minister said.",
    ],
  );
});

describe("ships, airlines and cars named Envoy", () => {
  expectExpulsions(
    [],
    [
      "The tanker Envoy was ordered to leave the port after a fuel leak.",
      "Envoy Air expels an unruly passenger and sends him home.",
      "The GMC Envoy was ordered off the market after a recall.",
    ],
  );
});

describe("the expulsions themselves, in the many ways news states them", () => {
  expectExpulsions(
    [
      "Estmark expels three Westmark diplomats in a spying row.",
      "Westmark retaliates by expelling two Estmark envoys.",
      "Estmark declares the Westmark military attaché persona non grata.",
      "Estmark gives Westmark's ambassador 72 hours to leave the country.",
      "Estmark orders the Westmark consulate in Portville closed and its staff out of the country.",
      "The Westmark diplomats expelled last week left the capital on Sunday.",
      "Estmark expels the head of the UN mission.",
      "Estmark expels UN human rights officials.",
      "Estmark tells Westmark to cut its embassy staff to 20.",
      "The junta orders the Westmark ambassador out.",
      "In a tit-for-tat move, Westmark expelled 12 Estmark diplomats.",
      "Estmark expelled the Westmark chargé d'affaires on Friday.",
      "Estmark says the Westmark ambassador is no longer welcome in the country.",
      "Estmark expels Westmark intelligence officers working under diplomatic cover.",
      "The expelled Westmark envoy says the charges against him were invented.",
    ],
    [],
  );
});
