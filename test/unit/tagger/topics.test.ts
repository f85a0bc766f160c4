/**
 * The three shipped topics, rule family by rule family, with the guideline negatives. Every text here is
 * written for this test (invented countries: Estmark, Westmark, Norland...).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

const tagger = loadTagger();
const topicsOf = (text: string) =>
  tagger
    .tag(text, { referenceDate: "2025-03-14" })
    .map((t) => t.topic)
    .sort();

function expectTopic(topic: string, yes: readonly string[], no: readonly string[]) {
  for (const text of yes) it(`tags ${topic}: ${text}`, () => expect(topicsOf(text)).toContain(topic));
  for (const text of no)
    it(`does not tag ${topic}: ${text}`, () => expect(topicsOf(text)).not.toContain(topic));
}

describe("expulsions", () => {
  describe("expel + diplomats (any inflection, passive, threats)", () => {
    expectTopic(
      "expulsions",
      [
        "Norland expels three Southland diplomats over a bribery affair.",
        "Two Westmark consular officials were expelled on Monday.",
        "Estmark threatens to expel the Westmark ambassador if the sanctions remain.",
        "The expulsion of the Westmark envoy was announced at dawn.",
        "The expelled diplomats left the country on Friday.",
        "Estmark kicks out Westmark's ambassador",
        "Ethiopia expels seven senior UN officials",
        "Estmark to send home 20 Westmark embassy staff",
      ],
      [],
    );
  });
  describe("persona non grata", () => {
    expectTopic(
      "expulsions",
      [
        "The foreign ministry declared the military attaché persona non grata.",
        "Westmark's president declared personae non gratae",
      ],
      [],
    );
  });
  describe("orders ... to leave / ordered out", () => {
    expectTopic(
      "expulsions",
      [
        "Estmark orders 12 Westmark diplomats to leave within 72 hours.",
        "Four embassy employees were ordered out of the country on Tuesday.",
        "Moscow orders 10 Ruritanian diplomats out",
        "The junta orders the head of the UN mission to leave the country.",
        "Westmark gives envoy 48 hours to leave",
      ],
      ["The United States orders non-emergency embassy staff to leave Westmark amid security concerns."],
    );
  });
  describe("caps and cuts on another state's diplomats", () => {
    expectTopic(
      "expulsions",
      [
        "Estmark caps the number of Westmark diplomats allowed in the capital at 25.",
        "Estmark demands Westmark cut its embassy staff by half",
      ],
      ["Westmark reduces the number of its own diplomats abroad to save money."],
    );
  });
  describe("closing another state's mission", () => {
    expectTopic(
      "expulsions",
      [
        "The government orders the Westmark consulate in Portville to close.",
        "Estmark will expel 30 people from the Westmark embassy",
      ],
      [],
    );
  });
  describe("reciprocal expulsions", () => {
    expectTopic("expulsions", ["Westmark retaliates with tit-for-tat expulsions."], []);
  });
  describe("guideline negatives", () => {
    expectTopic(
      "expulsions",
      [],
      [
        "Estmark recalls its ambassador from Westmark for consultations.",
        "The ruling party expels a senator from the party over corruption.",
        "Two deputies were expelled from parliament after a brawl.",
        "The club was expelled from the league for match fixing.",
        "Estmark expels Westmark from the regional economic bloc.",
        "The country deports 300 migrants to Westmark.",
        "Estmark severs diplomatic relations with Westmark.",
        "Estmark summons the Westmark ambassador to protest the remarks.",
        "The ambassador was expelled from the meeting after shouting.",
        "The lungs expel air when the diaphragm relaxes.",
      ],
    );
  });
});

describe("intelligence", () => {
  describe("spying and espionage", () => {
    expectTopic(
      "intelligence",
      [
        "A former army officer goes on trial accused of spying for Westmark.",
        "Ex-Marine detained in Moscow on espionage charges",
        "Police dismantle a spy ring working for a foreign power.",
        "Beijing accuses Washington of cyberespionage",
      ],
      [
        "Spy Kids reboot gets a trailer.",
        "Hackers stole customer data from a retailer using commercial spyware.",
      ],
    );
  });
  describe("agencies by name and acronym", () => {
    expectTopic(
      "intelligence",
      [
        "CIA director visits Kyiv",
        "MI6 chief warns of new threats",
        "Spy agency ASIO warns of foreign interference",
        "The Mossad was behind the operation, officials said.",
        "Estmark's FSB detains a suspect near the border.",
        "Stasi files reveal informants in the church",
      ],
      ["Gru returns in the new Minions film.", "Homestead FSB reports higher quarterly deposits."],
    );
  });
  describe("intelligence services, officers, sharing, counter-intelligence", () => {
    expectTopic(
      "intelligence",
      [
        "Westmark's foreign intelligence service says the attack was planned abroad.",
        "The two countries agree to expand intelligence sharing.",
        "The counter-intelligence agency detained a suspected mole.",
        "Military intelligence reports troop build-ups near the border.",
      ],
      [],
    );
  });
  describe("guideline negatives", () => {
    expectTopic(
      "intelligence",
      [],
      [
        "Artificial intelligence startups raise record funding.",
        "The company launched a business intelligence platform.",
        "AI models show human-level intelligence on some tests.",
        "She has the emotional intelligence to lead.",
        "Intel shares fall after weak earnings.",
        "The police investigate a burglary at the mayor's office.",
      ],
    );
  });
});

describe("deadline", () => {
  describe("has until / given time / within", () => {
    expectTopic(
      "deadline",
      [
        "The rebels have until the end of June to lay down their arms.",
        "Washington gives the group until Sunday to release the hostages.",
        "Protesters must leave the square within 48 hours, police said.",
        "Brussels gives Warsaw two months to comply with the ruling",
        "Tenants were told they had 30 days to vacate the building",
      ],
      [
        "Three earthquakes struck the region within 24 hours.",
        "Two reporters were murdered within one week.",
      ],
    );
  });
  describe("the words deadline and ultimatum", () => {
    expectTopic(
      "deadline",
      [
        "Parliament sets a deadline of Friday for the budget vote.",
        "An ultimatum expiring at midnight was ignored.",
        "Negotiators race to reach a deal before the June 30 deadline.",
        "The ministry extends the deadline to 2027.",
        "The deadline passed without an agreement.",
      ],
      [
        "The Lakers made two moves before the trade deadline.",
        "The deadline-day signing was confirmed by the club.",
        "A deadly storm hit the coast on Sunday.",
      ],
    );
  });
  describe("by <date> with an obligation", () => {
    expectTopic(
      "deadline",
      [
        "Companies must file their reports by March 31.",
        "The firm was ordered to pay the fine by the end of the month.",
        "Militants say foreign troops must leave by August 31",
        "Russia demands defenders surrender by 5 a.m.",
      ],
      [
        "The album will be released by the end of the year.",
        "Ministers meet ahead of the November 30 election",
        "He was killed by Sunday's airstrike.",
      ],
    );
  });
  describe("guideline negatives: schedules and durations", () => {
    expectTopic(
      "deadline",
      [],
      [
        "Elections will be held on May 5.",
        "The summit is on Friday in Geneva.",
        "He was sentenced to five years in prison.",
        "The sides agreed a 30-day ceasefire.",
      ],
    );
  });
});

describe("more news phrasings (headline style)", () => {
  expectTopic(
    "expulsions",
    [
      "Russia expels OSCE monitors from the region",
      "Lithuania orders Russian charge d'affaires to leave",
      "Estmark withdraws consent for the Westmark consulate in Portville",
      "Czechs order Westmark embassy to cut staff",
      "Norway kicks out three Westmark embassy workers",
      "Estmark declares 40 Westmark embassy staff undesirable, giving them five days to depart.",
    ],
    [
      "EU expels Westmark from the Council of Europe",
      "Hungary's foreign minister expels reporters from a press conference",
      "Westmark signs law expelling foreign NGOs",
      "Police officers were told to leave the building after a bomb threat",
      "The US embassy in Kabul cuts staff as security worsens",
    ],
  );
  expectTopic(
    "intelligence",
    [
      "Former navy engineer jailed for trying to sell nuclear secrets to a foreign government",
      "US declassifies intel on Westmark troop movements",
      "Investigators name GRU officers behind the poisoning",
      "Westmark's special services planned the sabotage, Estmark says",
    ],
    ["SPY falls 2% as tech stocks slide", "Intelligence Squared hosts a debate on tariffs"],
  );
  expectTopic(
    "deadline",
    [
      "Treasury warns the X-date could arrive in early June",
      "Defenders ignore demand to surrender by dawn",
      "Senate passes bill; president must sign by Friday",
      "Employers have until Jan. 4 to comply with the mandate",
      "Both armies must pull back in 48 hours.",
      "Detainees must be charged within 48 hours of arrest.",
    ],
    [
      "Ambassador says talks will resume in two weeks",
      "There is no deadline for the talks, officials said.",
      "Within 24 hours of the attack, police arrested two men.",
      "Westmark could overrun the capital in two days, analysts warn.",
    ],
  );
});

describe("expulsions: traps around the trigger words", () => {
  expectTopic(
    "expulsions",
    [
      "Estmark asks Westmark to withdraw its ambassador within a week",
      "Estmark to reduce Westmark's diplomatic presence in the capital",
      "Estmark suspends the accreditation of two Westmark diplomats",
      "Junta ousts Westmark ambassador",
      "Estmark boots out Westmark envoy",
    ],
    [
      "The US reduces its diplomatic presence in Baghdad",
      "Ousted president meets ambassadors in exile",
      "The ousted leader met the ambassador",
      "The ambassador asked reporters to leave the room",
    ],
  );
  expectTopic("deadline", ["Residents have a 30-day window to file objections"], []);
});

describe("intelligence: secret service in lower case only", () => {
  expectTopic(
    "intelligence",
    ["Westmark secret service agents detained the blogger"],
    ["The US Secret Service protects the president", "Secret Service agents guarded the motorcade"],
  );
});
