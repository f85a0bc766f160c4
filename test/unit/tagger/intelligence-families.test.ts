/**
 * Intelligence: the guidelines' NO families that other outlets and eras are full of (issue 8) and the YES cases
 * next to them. Every text is written for this test (invented countries and firms: Estmark, Westmark, Norsec...).
 */
import { describe } from "vitest";
import { topicCases } from "../../support/topic-cases.ts";

const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-03-14");

describe("'spy' in the sense of seeing, and idioms", () => {
  expectIntelligence(
    ["A Westmark spy ring working for a foreign power was broken up."],
    [
      "The Juno spacecraft spies two of Jupiter's moons in a close flyby.",
      "Astronomers spied a faint galaxy behind the cluster.",
      "Paparazzi spied the singer leaving a restaurant in Portville.",
      "The actor was spied strolling on the beach with his new partner.",
      "Investors spy an opportunity in cheap bank shares.",
    ],
  );
});

describe("names and products", () => {
  expectIntelligence(
    [],
    [
      "A new line of spy gear for kids includes night-vision goggles and a spy pen.",
      "Toymaker recalls its spy watch over a battery fault.",
      "Spy Kids director announces a new sequel.",
      "SPY fell 1.2% as tech stocks slid.",
      "Data from shipping intelligence firm Norwave showed exports rose.",
      "The ship was refloated, Lloyd's Shipping Intelligence Service said.",
      "Petroleum Intelligence Weekly said the refinery may close.",
      "The bulk carrier Envoy ran aground in the river, Lloyd's Shipping Intelligence said.",
      "Norcorp Intelligence Ltd reported higher profits.",
    ],
  );
});

describe("wire tickers, company names and all-caps lines are not agency acronyms", () => {
  expectIntelligence(
    [
      "REAGAN NOMINATES FBI DIRECTOR TO HEAD CIA",
      "Pakistan's ISI denied any role in the attack.",
      "India's RAW was accused of running agents in the region.",
      "The Defense Intelligence Agency (DIA) said the missiles were moved.",
      "The SBU said it detained an agent working for Moscow.",
    ],
    [
      "Diamond Norco <DIA> raised its crude postings by 50 cts.",
      "NORCO (DIA) CUTS CRUDE PRICES",
      "<NSA INC> said its board approved the buyback.",
      "He was formerly a vice president of <Goldome FSB>.",
      "LONDON DAILY RAW SUGAR PRICE UNCHANGED AT 105 DLRS",
      "Flights at DIA resumed after the snowstorm.",
      "The ISI mark certifies the quality of electrical goods.",
    ],
  );
});

describe("cyber-security vendors, commercial spyware and network attacks with no state intelligence actor", () => {
  expectIntelligence(
    [
      "Hackers working for Westmark's military intelligence breached the ministry, officials said.",
      "Chinese state hackers linked to the Ministry of State Security breached the network.",
      "Two engineers were accused of spying for Westmark by passing chip designs.",
    ],
    [
      "Security firm Norsec publishes its annual threat intelligence report on ransomware gangs.",
      "The cybersecurity vendor's threat intelligence team traced the phishing campaign to a criminal group.",
      "Commercial spyware sold by a Westmark company was found on the phones of 30 lawyers.",
      "A stalkerware app let a man spy on his ex-partner's messages.",
      "Criminal hackers used malware to spy on bank customers.",
      "Smart TVs spy on viewers to sell advertising, a study says.",
      "Retailers use software to spy on competitors' prices.",
      "Hackers attacked the hospital network and demanded a ransom.",
    ],
  );
});

describe("private intelligence firms and monitoring groups", () => {
  expectIntelligence(
    [],
    [
      "A private intelligence firm hired by the developer tracked the activists.",
      "Open-source intelligence researchers geolocated the video to a village near the border.",
      "The maritime intelligence company said three tankers had switched off their transponders.",
      "The risk intelligence consultancy warned clients about unrest.",
      "The monitoring group said it had counted 40 airstrikes over the weekend.",
      "The economic intelligence unit cut its growth forecast.",
    ],
  );
});

describe("fiction, games and sport", () => {
  expectIntelligence(
    ["The film-maker was charged with spying for Westmark."],
    [
      "In the new Netflix thriller, a disgraced spy must save his daughter.",
      "The novel follows a retired spymaster who is drawn back for one last job.",
      "The video game lets players sneak into an enemy base as a spy.",
      "The coach admitted his staff used a drone to spy on a rival team's training session.",
      "The CIA analyst at the heart of the TV series is played by a newcomer.",
    ],
  );
});

describe("cleverness and machines", () => {
  expectIntelligence(
    ["US intelligence assesses that the strike was ordered by the general."],
    [
      "The supercomputer shows human-level intelligence on reasoning tests.",
      "The model's intelligence surprised its makers.",
      "His intelligence and charm won over the jury.",
    ],
  );
});

describe("state intelligence: agencies, officers, operations, espionage charges, sharing (YES)", () => {
  expectIntelligence(
    [
      "Estmark arrests two Westmark nationals on suspicion of spying for Westmark.",
      "The former navy officer was sentenced to 12 years for espionage.",
      "Westmark's foreign intelligence service warned of sabotage plots.",
      "The CIA director visited Portville for talks on the ceasefire.",
      "Investigators say GRU officers planted the bomb.",
      "Westmark and Estmark agree to share intelligence on militant networks.",
      "A Westmark diplomat was expelled for espionage.",
      "The Kremlin's special services were behind the hack, Estmark says.",
      "Westmark's military intelligence chief was dismissed after the raid.",
      "The Senate Intelligence Committee opened hearings on the nominee.",
      "Counter-intelligence officers arrested the engineer at the airport.",
      "A Mossad operation killed the commander, the report said.",
      "Spies from Westmark infiltrated the ministry, the inquiry found.",
      "Estmark's security service, the FSB, said it foiled a plot.",
    ],
    [],
  );
});

describe("words that look like the NO families but are espionage news", () => {
  expectIntelligence(
    [
      "Germany opens a probe into Russian spying at the navy base.",
      "The wife of a jailed spy pleads for his release.",
      "The opposition leader accuses the ISI of rigging the vote.",
      "Moscow says the special services of Ukraine planned the attack.",
    ],
    ["The ISI mark is required on electrical goods."],
  );
});
