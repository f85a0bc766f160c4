/**
 * Issue 8's fourteenth pass, from the errors of blind probe sets 41 (expulsion-rich and mixed short items, scored
 * once on the code as it landed, at 02f2a28) and 42 (all three kinds, scored at fa52339, after set 41's rules);
 * docs/topics.md "Fourteenth pass": the families they showed the tagger missing or over-reading. Every text here is written for this test (invented names: Norcorp, Estmark, Valdoria,
 * Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline, expectDates } = deadlineCases(REF);
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

describe("expulsions: set 42's 'N hours to go' and a UN agency's country director", () => {
  expectExpulsions(
    [
      "Tit-for-tat: Valdoria gives Estmark's ambassador and all but one of his staff 48 hours to go",
      "Portville has given the Norland consul three days to go home.",
      "Valdoria has ordered the World Food Programme's country director to leave within a week.",
      "The UNICEF's country director was told to leave Valdoria by Friday.",
    ],
    [
      "The coach gave the players two days to go home and rest.",
      "The World Food Programme's country director said airdrops would continue.",
    ],
  );
});

describe("expulsions: set 42's denials and disclaimers ('no intention' of asking a diplomat to leave, 'no plans at this time' to expel, denied reports that an officer had been ordered out, a revoked visa that 'did not amount to an expulsion')", () => {
  expectExpulsions(
    [
      // A real order beside a disclaimer of something else.
      "Valdoria said it had no intention of backing down and ordered two Estmarkian diplomats to leave within 48 hours.",
      "Estmark denied the charges, and Valdoria expelled its consul on Monday.",
    ],
    [
      'The minister said the government had "no intention" of asking any Estmarkian diplomat to leave the country.',
      'The minister said there were "no plans at this time" to expel any Norland diplomats.',
      "Valdoria has no desire to send the ambassador home, the spokesman said.",
      "Valdoria's foreign ministry on Tuesday denied reports that an Estmarkian consular officer in Portville had been ordered out of the country.",
      "The ministry denied that the attaché had been expelled.",
      "The State Department revoked the visa of a senior Valdorian official, but officials stressed the decision did not amount to an expulsion of the mission's staff.",
    ],
  );
});

describe("intelligence: set 42's espionage without its word (classified details sought, military information passed to a foreign power, a clerk cultivated as a paid source) and a named security service", () => {
  expectIntelligence(
    [
      "Valdoria declared the deputy military attaché persona non grata after he was caught trying to obtain classified details of a naval exercise.",
      "A retired colonel was suspected of having passed military information to a foreign power for two decades.",
      "The embassy's second secretary tried to cultivate a ministry clerk as a paid source of classified documents.",
      "The Information and Security Service said equipment on the embassy roof was used to intercept government calls.",
    ],
    [
      // Information to a foreign government under a treaty, details of a product: no espionage.
      "The bank passed customer details to its auditors.",
      "The clinic cultivated its donors as a regular source of funding.",
      // A final novel about an intelligence operation: fiction.
      "The late author's final novel, in which a young bookseller is drawn into a British intelligence operation, went straight to the top of the fiction chart.",
    ],
  );
});

describe("deadline: set 42's limits ('before the holiday', a quoted 'until the end of this month', a second secretary is not a record's 'second time') and NO for 'a deadline nobody can see'", () => {
  expectDeadline(
    [
      "Union leaders said the agreement had to be ratified by members before the holiday.",
      "The bill must pass before the summer recess, the speaker said.",
      'The military gave the South "until the end of this month" to dismantle the launch sites.',
      "The government has ordered a second secretary at the Estmarkian embassy to leave Valdoria within seven days.",
    ],
    [
      "Reef scientists say restoration has become 'a race against a deadline nobody can see'.",
      "Sales rose before the holiday, the retailer said.",
      // A record, not a limit.
      "It was the second time within a week that the line had failed.",
    ],
  );
  // A cause told in the past after "within": the limit runs from the reference day (a five-word subject).
  expectDates([
    [
      "Britain on Thursday ordered 25 officials to leave the country within three weeks after a senior officer who had defected named them.",
      REF,
      "within three weeks",
      "2025-05-01",
    ],
  ]);
});

describe("set 43's articles: an envoy recalled 'to brief the government' (own recall), 'intelligence' as cleverness, a narrative 'Within a day,', a 'deadline mentality', an agreement that 'sets no date by which'", () => {
  expectExpulsions(
    [
      "Valdoria ordered the Estmarkian ambassador to return home within 48 hours.",
      "Valdoria told Estmark to recall its ambassador for consultations, in effect ordering him to leave.",
    ],
    [
      'The foreign minister said Ambassador Tamsir had been instructed to return home "to brief the government fully on the situation".',
      "The envoy was told to return home for consultations after the vote.",
    ],
  );
  expectIntelligence(
    [
      "The minister said Estmark's intelligence services had warned of the plot.",
      "Valdoria's intelligence and security agencies were put on alert.",
    ],
    [
      '"Nobody doubts Declan\'s intelligence or his commitment," said one lawmaker.',
      'A professor said the affair had been handled "with more force than intelligence".',
    ],
  );
  expectDeadline(
    [
      "Within a week, the envoys must leave Valdoria, the ministry said.",
      "The agreement sets a date by which both sides must withdraw: May 1.",
    ],
    [
      "Within a day, the agency announced that the ministry had ordered out a matching number of diplomats.",
      "Every government in its fourth year lives with a kind of deadline mentality.",
      "The agreement sets no date by which either side must withdraw troops, which critics call its weakness.",
    ],
  );
});

describe("expulsions: set 43's orders in less usual words (staff 'not allowed to remain', diplomatic cards withdrawn and 'must be out by', 'two of its staff members are to leave', a head of delegation, a military group attached to an embassy, monitors who 'must leave', a staff member to withdraw asked of a government, diplomats to hand over a building 'and leave')", () => {
  expectExpulsions(
    [
      "Valdoria has instructed the Estmarkian consulate general in Portville to reduce its personnel to eight people.",
      "Valdoria informed Estmark that its personnel stationed at the joint liaison office will not be allowed to remain on its territory any longer.",
      "Three staff at the Estmarkian embassy have had their diplomatic cards withdrawn and must be out by Friday.",
      "The foreign office has informed the Embassy of Estmark that two of its staff members are to leave Valdoria.",
      "Valdoria's junta has ordered the head of delegation of the International Committee of the Red Cross to leave the country.",
      "Valdoria asked the 18 members of the Estmarkian military group attached to the embassy in Portville to leave the country.",
      "The ministry said the observation mission would not be extended and that its monitors must leave by the end of September.",
      "The minister has directed the Government of Estmark to withdraw a staff member from its embassy in Portville.",
      "Valdoria told Estmark's diplomats to hand over their embassy building and leave within two weeks.",
      "The Pentagon said its military liaison team in Portville had been told it must be out by 15 September.",
    ],
    [
      // Its own staff and its own cards; allowed to stay.
      "Valdoria said its diplomats will be allowed to remain in Portville despite the row.",
      "The embassy said two of its staff members are to leave on a normal rotation, and their replacements have been named.",
      "Estmark's ambassador will hand over the keys and leave the residence at the end of his posting, the embassy said.",
    ],
  );
});

describe("intelligence: set 43's (classified information received, classified NATO documents passed, 'the Security Service' named so) and names (a cocktail called The Double Agent, a Spy Shop, a firm Intelligence Risk Associates, a product branded Sentinel Spy, a plot 'pure invention')", () => {
  expectIntelligence(
    [
      "An Estmarkian consular official, caught red-handed receiving classified information, has been told to leave within 48 hours.",
      "Prosecutors charged an army major with passing him classified NATO documents in exchange for cash.",
      "Valdoria told two trade mission employees to leave after the Security Service linked them to an attempt to recruit an engineer.",
    ],
    [
      "A gin cocktail called The Double Agent won first prize at the bartending championship.",
      "Spy Shop owner fined for selling unlicensed walkie-talkies, the regulator said.",
      "The new chairman, a former director of the risk consultancy Intelligence Risk Associates, promised an audit.",
      "The product, branded Sentinel Spy, is already in use at three lenders.",
      'Its director said the spy plot was "pure invention, with a few true details of how embassies worked".',
      "The hotel's security service guards were praised by guests.",
    ],
  );
});

describe("deadline: set 43's notice 'to' people 'to vacate' and NO for a 'demographic deadline'", () => {
  expectDeadline(
    ["The railway has issued a 30-day notice to traders occupying its land to vacate."],
    [
      "The youth bulge is a 'demographic deadline' that governments ignore at their peril.",
      "The firm gave a 90-day notice of its intention to end the lease.",
    ],
  );
});
