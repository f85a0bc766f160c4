/**
 * Issue 8's fourteenth pass, from the errors of blind probe set 41 (expulsion-rich and mixed short items, scored
 * once on the code as it landed, at 02f2a28; docs/topics.md "Fourteenth pass"): the families it showed the tagger
 * missing or over-reading. Every text here is written for this test (invented names: Norcorp, Estmark, Valdoria,
 * Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline } = deadlineCases(REF);
const { expectTopic: expectExpulsions } = topicCases("expulsions", REF);
const { expectTopic: expectIntelligence } = topicCases("intelligence", REF);

describe("expulsions: set 41's recalls and withdrawals asked of another state (a head of mission, a chargé d'affaires; diplomats told to withdraw from a city)", () => {
  expectExpulsions(
    [
      "Valdoria has asked Estmark to recall its deputy head of mission over meetings with opposition figures.",
      "The ministry asked Portville to recall its chargé d'affaires within a week.",
      "Estmark told Valdoria to withdraw its high commissioner after the remarks.",
      "The foreign ministry ordered diplomats from four neighbouring states to withdraw from the capital within 72 hours.",
      "Norland's diplomats were told to pull out from Portville by the end of the week.",
    ],
    [
      // Its own envoy recalled by the state itself.
      "Valdoria recalled its deputy head of mission from Estmark for consultations.",
      // Withdrawing from talks or a treaty is not leaving a country.
      "Valdoria ordered its diplomats to withdraw from the talks in Portville.",
      "Estmark told the ambassador to withdraw from the negotiations until the vote.",
    ],
  );
});

describe("expulsions: set 41's envoys who 'shall depart' and staff of a closed mission who are expelled or 'have until' a day to leave", () => {
  expectExpulsions(
    [
      "The ministry said the Estmarkian ambassador 'shall depart the country within 48 hours'.",
      "Under the decree, the two attachés shall leave Valdoria by Sunday.",
      "Valdoria is closing the Estmarkian consulate in Portville and expelling its staff.",
      "Valdoria will shut Estmark's consulate in Portville, adding that its staff have until the end of May to leave.",
      "Portville will close the Norland embassy; its staff have until Friday to depart.",
    ],
    [
      // A delegation's travel plans, not an order.
      "The Valdorian delegation shall leave for Geneva on Monday, the ministry said.",
      // Closing its own consulate: its staff leaving is its own decision.
      "Valdoria will shut its consulate in Portville to save money; its staff have until June to move to the capital.",
      // Expelling its own staff from a party: not a state's mission.
      "The party is expelling its staff representative after the vote.",
    ],
  );
});

describe("expulsions: set 41's missions cut 'from' one number 'to' another, UN missions told they must withdraw, embassies told they must close", () => {
  expectExpulsions(
    [
      // A host's cut imposed on another state's missions ("its" is that state's).
      "Estmark will have to trim its embassy in Portville from 240 people to 150 by April, the ministry said.",
      "Norland must cut its embassy staff from 60 to 35, Valdoria said.",
      // A UN mission told it must withdraw, with a clause between.
      "Valdoria's foreign minister told the UN Security Council that the peacekeeping mission, which has some 9,000 troops in the country, must withdraw without delay.",
      // Told foreign governments that their embassies must close.
      "Valdoria told foreign governments on Monday that their embassies in Portville must close by May 1.",
      "The junta informed the envoys that their embassies would have to close within a month.",
    ],
    [
      // Its own cuts, for money, by its own choice.
      "Estmark said it would trim its embassy staff from 60 to 45 as part of budget savings.",
      "The company cut its workforce from 500 to 300.",
      // Its own embassy closing for security: an evacuation.
      "The foreign office told parliament that its embassy in Portville would have to close for security reasons.",
    ],
  );
});

describe("expulsions: set 41's deportations near 'warnings from UN experts' (the experts are not the ones sent out)", () => {
  expectExpulsions(
    [
      "Valdoria expelled two UN experts on Thursday.",
      "The junta expelled the UN rights envoy after warnings from UN experts about detentions.",
    ],
    [
      "Valdoria deported 40 Estmarkian men on Thursday despite warnings from UN experts that they faced torture.",
      "Portville deported the asylum seekers in spite of concerns from UN rights officials.",
    ],
  );
});

describe("intelligence: set 41's spy thrillers and novels (the genre word stays a fiction cue once 'spy' is masked) and 'spy' as seeing creatures", () => {
  expectIntelligence(
    [
      // Real services and real spying stay.
      "Police arrested two men accused of spying on military bases for Norland.",
      "Estmark's foreign intelligence service said it had caught a double agent inside the ministry.",
    ],
    [
      "A Cold War spy thriller about a double agent inside the Stasi has topped the bestseller list for a third week.",
      "In the new spy thriller 'Northern Harbour', a KGB officer posing as a trade attaché is ordered out of Portville.",
      "The espionage drama about an MI6 mole returns for a second season.",
      "Players in the park spy rare creatures on their phones as the game's new season opens.",
      "Hikers spied a rare orchid on the ridge above Portville.",
    ],
  );
});

describe("deadline: set 41's newsroom 'deadline rush' (NO) and an order to leave tied to a visa's expiry or to the end of a month", () => {
  expectDeadline(
    [
      "Valdoria has told the Estmarkian correspondent to leave the country when her visa runs out.",
      "Four diplomats were ordered to leave at the end of the week.",
      "The contractor was told it must vacate the site at the end of May.",
      // Newsroom words do not hide a real limit.
      "The coalition faces a tight deadline to form a government by May 3.",
    ],
    [
      "For the night editors the hardest part remains the deadline rush, when every page must be signed off in the same half hour.",
      "Reporters on press deadlines rarely have time to check every quote.",
      // Scheduled departures are not limits.
      "The ambassador, who is due to leave at the end of June, said he had enjoyed his posting.",
      "The striker was told he will leave at the end of the season.",
    ],
  );
});
