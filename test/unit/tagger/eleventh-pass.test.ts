/**
 * Issue 8's eleventh pass, from the errors of blind probe set 23 (scored once on the code as it landed, at
 * 20adb24; docs/topics.md "Eleventh pass"): the families it showed the tagger missing or over-reading. Every text
 * here is written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline, expectDates } = deadlineCases(REF);
const { expectTopic: expectExpulsions } = topicCases("expulsions", REF);
const { expectTopic: expectIntelligence } = topicCases("intelligence", REF);

describe("expulsions: set 23's (presence no longer desirable, a mission regarded as concluded, non-renewals)", () => {
  expectExpulsions(
    [
      // A presence that is no longer desirable or conducive, the communiqué formula.
      "The ministry told the Estmarkian envoy that his presence was no longer desirable in Valdoria.",
      "The presence of the Valdorian ambassador is no longer acceptable, the foreign ministry said.",
      // Invited to regard a mission as concluded.
      "Portville invited the Estmarkian ambassador to regard his mission as concluded and to leave by the weekend.",
      // Accreditation that will not be renewed, visas of embassy staff not renewed.
      "Valdoria told two Estmarkian attachés that their accreditation would not be renewed when it lapses next month.",
      "Estmark said it would not renew the visas of nine Valdorian embassy employees, halving the mission.",
      // Immunity stripped unless diplomats leave.
      "Portville said it would strip 30 Valdorian diplomats of their immunity unless they left within a week.",
      // Struck from the host's diplomatic list.
      "Six Estmarkian diplomats were struck from Portville's diplomatic list on Monday and told to depart.",
      // Invited to go home: passive.
      "Two counsellors at the Valdorian embassy have been invited to go home, a government source said.",
      // Asked to withdraw members of its embassy staff (two words between "its" and "staff").
      "Portville has asked Valdoria to withdraw three members of its Estmark embassy staff.",
      // A spelled-out organisation told to shut its office.
      "Valdoria ordered the Organization for Security and Co-operation in Europe to shut its field office in Portville.",
      // A withdrawal 'without delay' in quotes, and a security situation the force failed to answer.
      "Valdoria's minister demanded the 'withdrawal without delay' of the UN peacekeeping mission, saying it had failed to respond to the security situation.",
    ],
    [
      // Calls from MPs and rumours on unofficial channels.
      "Despite calls from opposition MPs to expel the ambassador, the cabinet only summoned him for talks.",
      "Anonymous Telegram channels claimed that Portville was about to expel the Valdorian consul; the ministry laughed it off.",
      // No request was received.
      "Estmark said it had not received any formal request to withdraw its ambassador from Portville.",
      // Visas of aid workers, with nobody told to leave.
      "Valdoria will not renew the visas of staff at the UN rights office, though no one is being told to leave.",
      // A presence that is not a diplomat's, a mission that is a project.
      "The coach said the striker's presence in the dressing room was no longer desirable.",
      "Embassy staff were told to go home early because of the snowstorm.",
    ],
  );
});

describe("intelligence: set 23's (an agency's acronym before 'security service'; an audience's intelligence)", () => {
  expectIntelligence(
    ["The PST security service said it had caught the attaché receiving drawings from an engineer."],
    ["Rarely has a comedy shown such faith in the intelligence of its audience, the critic wrote."],
  );
});

describe("deadline: set 23's (expected to have left, voted to wind up by a date; figures of speech)", () => {
  expectDeadline(
    [
      "The two attachés are expected to have left Portville by the end of the year.",
      "The council voted unanimously on Friday to wind up the monitoring mission by 31 December 2026.",
    ],
    [
      // Figures of speech, generic plurals, talk about ultimatums.
      '"For the river, every single season from now on is a deadline," the campaigner said.',
      '"Deadlines are for people who start late," the editor liked to say.',
      "Nobody at this club has spoken to me about ultimatums, the coach said.",
      // Past narrative: responded or returned within a span.
      "Valdoria expelled four diplomats, and Estmark responded within days with expulsions of its own.",
      "He was recalled to Portville for consultations but returned within a month.",
    ],
  );
  expectDates([
    // A long subject between the deadline and "passed".
    [
      "The deadline for retail holders of the Valdorian government's old bonds to accept the swap passed at 8 p.m. on April 8.",
      REF,
      "deadline for retail holders of the Valdorian government's old bonds to accept the swap passed at 8 p.m. on April 8",
      "2025-04-08",
    ],
    // A live limit before one reported as expired (background).
    [
      "Valdoria's junta ordered the Estmarkian ambassador to leave the country within 48 hours. An earlier ultimatum from the regional bloc expired on April 6 without action.",
      REF,
      "within 48 hours",
      "2025-04-12",
    ],
  ]);
});

describe("expulsions: set 24's (diplomatic passports, removing another state's attaché, a consulate's permission to operate)", () => {
  expectExpulsions(
    [
      "The three men, all travelling on Valdorian diplomatic passports, were put on the next flight back to Portville.",
      "The minister said Estmark would remove Valdoria's naval attaché, whom she called an undeclared intelligence officer.",
      "The Valdorian consulate will lose its permission to operate, and its staff will have to leave Estmark.",
      "Estmark refused to renew the visas of the agency's international staff, forcing them to leave the country.",
    ],
    [
      // Ruled out, called for, urged in a column.
      "The government said sending Valdorian diplomats home over the poisoning was 'not on the table at the moment'.",
      "Senior MPs called on Tuesday for the prime minister to send the Valdorian ambassador home.",
      "Opinion: It is time to show this ambassador the door",
      // An own minister's diplomatic passport, a removal from a post at home.
      "The board voted to remove the club's chairman after a row over ticket prices.",
    ],
  );
});

describe("intelligence: set 24's (dotted acronyms, a security service of a police force, campaigns for secrets; games, former directors)", () => {
  expectIntelligence(
    [
      "Estmark ordered out 12 Valdorians named by a defecting K.G.B. officer.",
      "Officials said many of the staff were officers of the G.R.U.",
      "The minister described an attempt to penetrate the Security Service of the Royal Valdorian Police.",
      "Portville accused them of a systematic campaign to acquire Estmarkian scientific, technical and military secrets.",
    ],
    [
      "In the game, players take the role of a Cold War KGB handler running agents in a divided city.",
      "Anna Berg, the former CIA director and secretary of state, said she would not run for the Senate.",
    ],
  );
});

describe("deadline: set 24's (be gone by, leaving a company until a date, days from the notice; feature and programme names)", () => {
  expectDeadline(
    [
      "The prime minister told 20 Valdorian agents posing as diplomats to pack their bags and be gone by next Wednesday.",
      "The court upheld the law, leaving Norcorp until Jan. 19 to sell the unit or see it banned.",
      "Owners who dispute the valuation have 30 days from the date on the notice to file an appeal.",
    ],
    [
      "The app's latest update adds a separate 'Deadlines' field alongside due dates.",
      "The host of 'Deadline: White House' will moderate the town hall, the network said.",
    ],
  );
  expectDates([
    [
      "The ruling upheld the law, leaving Norcorp until Jan. 19 to sell the unit.",
      REF,
      "until Jan. 19",
      "2026-01-19",
    ],
    // Counted from a notice the text does not date.
    ["Owners have 30 days from the date on the notice to file an appeal.", REF, "have 30 days", null],
    // A stated date before a span quoted later.
    [
      'The Commission ordered Norcorp to open its app to rivals by March 31. "Norcorp has ten weeks to show us it understands," the commissioner said.',
      "2026-01-15",
      "by March 31",
      "2026-03-31",
    ],
  ]);
});

describe("expulsions: set 25's (would have to go, an attaché's accreditation not extended, accredited at an embassy, presence on its soil)", () => {
  expectExpulsions(
    [
      "The minister said ninety Valdorian officials now in Estmark would have to go and that fifteen more would not be let back.",
      "Portville will not extend the accreditation of a second secretary at the Valdorian embassy and wants him gone by May 31.",
      "Estmark has sent home two Valdorians accredited as IT specialists at the Valdorian embassy in Portville.",
      "The Estmarkian consul general had been informed that his presence on Valdorian soil 'is no longer desired'.",
      "The minister told the council that Portville wanted the UN force withdrawn 'without delay'.",
    ],
    [
      // A petition, a government ruling it out, rebels, an own envoy called home, an editorial's headline.
      "A petition calling on the government to kick out the Valdorian ambassador has passed 100,000 signatures.",
      "Estmark will not send any Valdorian diplomats home over the poisoning, the chancellor said.",
      "Rebels who seized the town last month have told staff of several aid groups to leave within 48 hours.",
      "Valdoria has instructed its ambassadors in Portville and Estmark to return home for urgent consultations.",
      "EDITORIAL: Show Valdoria's envoy the door",
    ],
  );
  // An opinion piece that reports an expulsion still reports it.
  expectExpulsions(
    ["OPINION | Portville did the right thing this week when it expelled Valdoria's ambassador."],
    [],
  );
});

describe("intelligence: set 25's (cleverness of a decision, a quoted game title, an airport code)", () => {
  expectIntelligence(
    [],
    [
      "Critics questioned the intelligence of the central bank's decision to cut rates.",
      '"Counter-Intelligence", the new spy-themed board game from a Portville studio, sold out in a week.',
      "Flights out of Portville's airport (GRU) will resume on Thursday after a fuel shortage.",
    ],
  );
});

describe("deadline: set 25's (to be out of a country, objections within days of this notice; no hard deadline, a film title)", () => {
  expectDeadline(
    [
      "The government told every Valdorian diplomat and embassy employee to be out of Estmark within 24 hours.",
      "PUBLIC NOTICE: Objections may be submitted in writing within 21 days of the date of this notice.",
    ],
    [
      'The governor says she does not see "any hard deadline" for the bank to begin cutting rates.',
      'The 1952 newspaper drama "Deadline – U.S.A." is being restored for a summer season.',
      "Prices may rise within weeks, the analysts said.",
    ],
  );
  expectDates([
    [
      "PUBLIC NOTICE: Objections may be submitted in writing within 21 days of the date of this notice.",
      REF,
      "within 21 days",
      "2025-05-01",
    ],
  ]);
});

describe("expulsions, intelligence and deadline: a restaurant review is no news of any of them", () => {
  const { expectTopic: expectDeadlineTopic } = topicCases("deadline", REF);
  const review =
    "Restaurant review: The Press Room, Dock Lane\n\nThe bar at the back has been renamed Deadline and pours a fine martini. There is real intelligence in the wine list, and the chef, once expelled from catering college, cooks with wit.";
  expectExpulsions([], [review]);
  expectIntelligence([], [review]);
  expectDeadlineTopic([], [review]);
});

describe("expulsions: set 26's (an agency's inspectors, officials serving at an embassy, first secretaries withdrawn, numbers brought down, forced out, boots)", () => {
  expectExpulsions(
    [
      "Valdoria has withdrawn the accreditation of several of the agency's most experienced inspectors.",
      "Estmark told Valdoria that 40 officials serving at its embassy and trade delegation must leave the country within two weeks.",
      "The government had asked the Valdorian embassy to withdraw First Secretary Anton Berg, whom it named as an intelligence officer.",
      "Portville told Estmark to bring the number of diplomats and technical staff working at its embassy and three consulates down to 200.",
      "All twelve international staff of the agency's office had been forced out after Valdoria declined to renew their visas.",
      "Valdoria has given Estmark's ambassador 24 hours to get out and frozen all new trade.",
      "Portville boots two Valdorian embassy staffers over a fake poison plot.",
      "Estmark pulled 30 diplomats out of Valdoria after Portville threatened to strip them of immunity if they stayed.",
    ],
    [
      // Declining to ask, chants, a denial of a plan to ask, a player forced out of a match.
      "Estmark would not be asking the Valdorian ambassador to leave, the prime minister said.",
      "Protesters outside the embassy waved flags and chanted 'Expel the ambassador!'",
      "Valdoria dismissed as 'pure fiction' reports that it was preparing to ask Estmark's ambassador to leave.",
      "The ambassador was forced out of office by a party revolt.",
    ],
  );
});

describe("intelligence: set 26's (services behind an attack, restricted data for a foreign government; Bond films, spy pixels)", () => {
  expectIntelligence(
    [
      "The minister cited evidence that Russian services were behind the arson attack on the depot.",
      "An engineer was charged with trying to sell restricted data on reactors to someone he believed represented a foreign government.",
    ],
    [
      '"Nightfall Protocol", the latest Bond adventure, gives 007 a defecting general and a chase across the docks.',
      'Campaigners want regulators to ban the "spy pixels" that marketers hide in emails.',
    ],
  );
});

describe("deadline: set 26's (remain beyond a date, got until Monday, a timed trade deadline; blood pressure, a deadline breathing down)", () => {
  expectDeadline(
    [
      "Portville warned that diplomats who remain beyond October 10 will lose their immunity.",
      "Estmark boots two embassy staffers, and they've got until Monday to pack their bags.",
    ],
    [
      "The drug helps the kidneys expel excess salt, lowering blood pressure within weeks, a trial found.",
      'The novelist says she writes best "with a deadline breathing down my neck".',
    ],
  );
  expectDates([
    [
      "Portville warned that diplomats who remain beyond October 10 will lose their immunity.",
      REF,
      "beyond October 10",
      "2025-10-10",
    ],
    ["They've got until Monday to pack their bags.", REF, "until Monday", "2025-04-14"],
    [
      "The club signed the winger minutes before the 6 p.m. trade deadline.",
      REF,
      "6 p.m. trade deadline",
      REF,
    ],
  ]);
});

describe("expulsions: set 27's (a further presence undesirable, diplomatic immunity, until a time to close a consulate, forcing their departure)", () => {
  expectExpulsions(
    [
      "The ministry informed the ambassador that the further presence of three employees of the embassy on the territory of the republic is undesirable.",
      "The counsellor, who has diplomatic immunity, has been told to leave Estmark.",
      "Estmark has given Valdoria until 4 p.m. Friday to close its consulate general in Portville.",
      "Portville told the Valdorian embassy to withdraw four attachés, forcing their departure before the summit.",
      "The minister told the council that Portville wants the UN stabilisation mission, MINUSTAB, withdrawn 'without delay'.",
    ],
    [
      'The foreign minister said there were "no plans" to declare the envoy persona non grata.',
      "The coach said the striker's presence in the squad was undesirable.",
    ],
  );
});

describe("intelligence: set 27's (a security intelligence organisation, accusing of spying; former titles, corvid intelligence, film roles)", () => {
  expectIntelligence(
    [
      "A businessman whom the Valdorian Security Intelligence Organisation accused of cultivating MPs has left the country.",
      "Portville gave the attaché until Saturday to leave, accusing him of spying on troop movements.",
    ],
    [
      "The former defense secretary and CIA director urged graduates to run toward public service.",
      "Crows can be trained to count out loud, adding to evidence about corvid intelligence.",
      "The sequel, in which the star returns as the RAW agent, took 44 crore rupees on its opening day.",
    ],
  );
});

describe("deadline: set 27's (handed a week to pack up, until Friday to pack their bags; a deadline humanity cannot miss)", () => {
  expectDeadline(
    [
      "The prime minister handed 23 so-called diplomats a week to pack up and clear off.",
      "PORTVILLE GIVES 10 ESTMARKIAN DIPLOMATS UNTIL FRIDAY TO PACK THEIR BAGS",
    ],
    ["The prime minister described climate change as a deadline humanity cannot afford to miss."],
  );
  expectDates([
    [
      "The prime minister handed 23 so-called diplomats a week to pack up.",
      REF,
      "handed 23 so-called diplomats a week to",
      "2025-04-17",
    ],
    [
      "PORTVILLE GIVES 10 ESTMARKIAN DIPLOMATS UNTIL FRIDAY TO PACK THEIR BAGS",
      REF,
      "UNTIL FRIDAY",
      "2025-04-11",
    ],
  ]);
});

describe("expulsions: set 28's (a threat to send staff home, a counsellor who is to leave, sending diplomats back to the capital)", () => {
  expectExpulsions(
    [
      "Valdoria will send a number of Estmarkian embassy staff home if Portville goes ahead with the listing.",
      "The ministry handed him a note stating that Counsellor Anton Berg of the embassy's political section is to leave the territory of Estmark.",
      "Portville said it was sending 45 Valdorian diplomats back to the capital on suspicion of spying.",
    ],
    [
      'The opposition leader said the prime minister should "put the Valdorian ambassador on the next plane home".',
      "Thousands of protesters outside the embassy chanted slogans, demanding that the ambassador leave the country within 24 hours.",
      'The spokesman dismissed reports that Portville was preparing to cut the number of Estmarkian embassy staff as "not true".',
    ],
  );
});

describe("intelligence: set 28's (gathering classified information; a game that will let players, a phone review)", () => {
  expectIntelligence(
    [
      "Prosecutors said the diplomat had been gathering classified information about the armed forces since 2016.",
    ],
    [
      "The next instalment will let players fight as operatives tracking a rogue KGB officer, the publisher said.",
      'REVIEW: The Norcorp Edge 3 is a lovely phone held hostage by its own "intelligence"\n\nFour stars for the hardware.',
    ],
  );
});

describe("deadline: set 28's (until next Tuesday to get out)", () => {
  expectDeadline(
    ["The prime minister gave 31 Valdorian embassy staff until next Tuesday to get out of Estmark."],
    [],
  );
  expectDates([
    [
      "The prime minister gave 31 Valdorian embassy staff until next Tuesday to get out of Estmark.",
      REF,
      "until next Tuesday",
      "2025-04-15",
    ],
  ]);
});

describe("expulsions: set 29's (a long list of states told to withdraw, officials most of them attached to an embassy, a bureau's entire staff)", () => {
  expectExpulsions(
    [
      "Valdoria demanded that seven neighbours — Estmark, Norland, Sudmark, Ostria, Pell, the Coastal Republic and Westmark — withdraw their diplomatic personnel within 72 hours.",
      "Portville ordered 31 Valdorian officials, most of them attached to the embassy and the trade mission, to leave the country.",
      "Estmark announced that it was expelling the bureau's entire staff, who have been given seven days to leave.",
      'The minister told the council that the UN peacekeeping mission had failed and asked for its withdrawal "without delay".',
    ],
    [
      "Several hundred protesters gathered outside the embassy in the capital on Sunday, waving flags and chanting for the ambassador to be thrown out.",
      "REVIEW: In 'The Night Courier', a disgraced agent is lured back for one last job. By chapter three the rezident has been declared persona non grata.",
    ],
  );
});

describe("intelligence: set 29's (seeking military secrets; a review opening on a title, decision intelligence, a hyphenated airport)", () => {
  expectIntelligence(
    [
      "Portville expelled 47 diplomats whom it accused of systematically seeking Estmarkian scientific, technical and military secrets.",
    ],
    [
      'BOOKS | In "The Cold Ledger", a burned-out officer is sent to extract an asset who may already have been turned.',
      'Norcorp, which sells what it calls "decision intelligence" software to hospitals, raised $85 million.',
      "The airline will add a third daily flight to São Paulo-Guarulhos (GRU) from March.",
    ],
  );
});

describe("deadline: set 29's (until midday Sunday, within hours from notification of this decision, the 11pm deadline; tapeworms)", () => {
  expectDeadline(
    [
      "The diplomats had been given until midday Sunday to leave.",
      "DEADLINE DAY LIVE | It's done: the paperwork was lodged with the league minutes before the 11pm deadline.",
    ],
    ["A single dose helped patients expel tapeworms within 48 hours in 91 per cent of cases."],
  );
  expectDates([
    ["The diplomats had been given until midday Sunday to leave.", REF, "until midday Sunday", "2025-04-13"],
    [
      "They are requested to leave the national territory within forty-eight (48) hours from notification of this decision.",
      REF,
      "within forty-eight (48) hours",
      "2025-04-12",
    ],
    ["The paperwork was lodged minutes before the 11pm deadline.", REF, "11pm deadline", REF],
  ]);
});
