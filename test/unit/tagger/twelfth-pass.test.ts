/**
 * Issue 8's twelfth pass, from the errors of blind probe set 30 (scored once on the code as it landed, at d382286;
 * docs/topics.md "Twelfth pass"): the families it showed the tagger missing or over-reading. Every text here is
 * written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline, expectDates } = deadlineCases(REF);
const { expectTopic: expectExpulsions } = topicCases("expulsions", REF);
const { expectTopic: expectIntelligence } = topicCases("intelligence", REF);

describe("expulsions: set 30's (a subject far from 'must leave', until a day to leave, an aid mission, an envoy invited off the territory)", () => {
  expectExpulsions(
    [
      // Told by a ministry, many words later, that they must leave.
      "The consul was one of three Estmarkian officials informed by the Valdorian foreign ministry on Monday that they must leave the country.",
      // Until a day to leave, with the families of those ordered out (not an evacuation).
      "Twenty Valdorian officials the government called undeclared agents, along with their families, have until Saturday to leave Estmark.",
      // Until a date to close an aid mission.
      "Portville has given Estmark until May 2 to close its aid mission and withdraw every member of its staff.",
      // A communiqué: the decision inviting him (the envoy named before) to leave the national territory.
      "The Ambassador of Estmark was received by the Minister, who notified him of the decision of the Government of Valdoria inviting him to leave the national territory within seventy-two (72) hours.",
      // Asked a council, many words before, to withdraw a force.
      "Valdoria formally asked the UN Security Council on Tuesday evening to withdraw the peacekeeping force.",
    ],
    [
      // Visas refused, but the mission's staff would not have to leave.
      "Portville refused visas to the Valdorian delegation, but staff at its UN mission would not have to leave, officials said.",
      // A crowd chanting that an ambassador should be 'thrown out'.
      "Hundreds of marchers gathered outside the Estmarkian embassy, chanting that the ambassador should be 'thrown out'.",
      // Families of staff in an evacuation.
      "Valdoria ordered non-essential embassy staff, along with their families, to leave Portville because of the fighting.",
      // An agency closing its own office: its own order, not a host's.
      "The WHO ordered its staff to close the office in Portville because of the fighting.",
    ],
  );
});

describe("intelligence: set 30's (espionage capers and classics, a slogan, game voice actors)", () => {
  expectIntelligence(
    ["Valdoria jailed a former clerk who passed classified documents to an Estmarkian intelligence officer."],
    [
      "Critics called the sequel a breezy espionage caper with the best car chase of the summer.",
      'Norcorp\'s new phone assistant, billed as "intelligence you can hold", drafts replies and books tables.',
      "The studio announced a remake of its stealth-espionage classic, with a new voice actor for the veteran intelligence-agency operative.",
    ],
  );
});

describe("deadline: set 30's (a roster cut by a clock time on a weekday, a period of days in words and figures; completed actions within hours, figures of speech)", () => {
  expectDeadline(
    [
      "League clubs must cut their squads from 40 to 26 players by 5 p.m. on Monday.",
      "The envoy was invited to leave the national territory within a period of seventy-two (72) hours.",
    ],
    [
      "Both sides agreed to a two-week truce, though each accused the other of violations within hours.",
      "The platform said it removed most of the fake accounts within a day of being alerted.",
      "In this staging the print run is less a deadline than a pulse, the one thing that never stops.",
      "A night editor looks back on hot metal, missed deadlines and the night the presses stopped.",
    ],
  );
  expectDates([
    [
      "League clubs must cut their squads from 40 to 26 players by 5 p.m. on Monday.",
      REF,
      "by 5 p.m. on Monday",
      "2025-04-14",
    ],
    [
      "The envoy was invited to leave the national territory within a period of seventy-two (72) hours.",
      REF,
      "within a period of seventy-two (72) hours",
      "2025-04-13",
    ],
  ]);
});

describe("expulsions: set 31's (an organisation's office and its international staff, a passive order far from its subject, parity, a ceiling by a date)", () => {
  expectExpulsions(
    [
      // A spelled-out organisation told to shut its office, its international staff given until a day.
      "Valdoria has told the Organization for Security and Co-operation in Europe to shut its field office, and the office's international staff have until the end of the month to leave.",
      // Ordered to close an office several words before "office".
      "Estmark has ordered the United Nations to close its human rights office in Portville within two months.",
      // A passive order many words after the diplomats it concerns.
      "Two men accredited as third secretaries at the Estmarkian embassy, who Valdorian counter-intelligence officers say are in fact military spies, have been told to pack their bags.",
      // Parity: a host's demand that another state bring its headcount into line.
      "Valdoria has told Estmark to bring its diplomatic headcount in Portville into line with Valdoria's own mission in Estmark.",
      // A ceiling on the diplomats another state may employ.
      "Portville informed the Estmarkian embassy that it may employ no more than 12 accredited diplomats from next month.",
      // Immunity stripped if they remain, the diplomats named well before the pronoun.
      "Estmark flew 30 diplomats and their families home after Valdoria warned it would strip them of their immunity if they stayed on.",
      // A security situation the mission failed to respond adequately to is no evacuation.
      "Valdoria asked the United Nations to withdraw its 9,000 peacekeepers 'without delay', saying the mission had failed to respond adequately to the security situation.",
    ],
    [
      // Hypotheticals with commas, an explainer of the convention.
      "Analysts say the government could, in theory, reduce the size of the Estmarkian embassy, but it is unlikely to.",
      "Under the convention, a receiving state may at any time declare a member of a mission persona non grata without giving reasons.",
    ],
  );
});

describe("intelligence: set 31's (a season of its spy comedy, the revival of a stage thriller)", () => {
  expectIntelligence(
    [],
    [
      "The streamer has ordered a third season of its spy comedy about a hapless MI5 filing clerk.",
      "In the revival of the Cold War stage thriller, a KGB colonel and a double agent trade threats over chess.",
    ],
  );
});

describe("deadline: set 31's (a long object before 'until', an exchange offer that expired, a ceiling by a date, an appeal within a week; figures of speech)", () => {
  expectDeadline(
    [
      "The army has given the members of an armed group holed up in three tower blocks on the northern edge of the old port until 6pm on Friday to leave.",
      "Norcorp said its offer to exchange any and all of its 6.25% senior notes due 2029 for new secured notes expired at 5 p.m. on April 9.",
      "Portville told the embassy it may employ no more than 12 diplomats by May 1.",
      "Both sides may lodge an appeal within a week of the verdict.",
      "The trade deadline passed at 4 p.m. on Tuesday with three clubs swapping goalkeepers.",
    ],
    [
      "Within hours the ministry said two embassy staff had been told to leave.",
      "Democracy, unlike a front page, does not come with a deadline.",
      '"She treated a deadline the way sprinters treat a starting gun," a colleague said.',
    ],
  );
  expectDates([
    [
      "The army has given the members of an armed group holed up in three tower blocks on the northern edge of the old port until 6pm on Friday to leave.",
      REF,
      "until 6pm on Friday",
      "2025-04-11",
    ],
    ["Both sides may lodge an appeal within a week of the verdict.", REF, "within a week", null],
  ]);
});

describe("expulsions: set 32's (immunity withdrawn, an embassy's officers' accreditation, a headline's until-to-go, parity cuts, shedding staff, consent to a delegation head)", () => {
  expectExpulsions(
    [
      "Days after his deadline to go had passed, Valdoria said the Estmarkian ambassador's diplomatic immunity had been withdrawn and police told to remove him from the country.",
      "The Government has informed the Embassy of Estmark that the accreditation of three of its officers has been withdrawn and that they are required to depart.",
      "VALDORIA HITS BACK: 15 ESTMARKIAN EMBASSY STAFF GIVEN UNTIL FRIDAY NIGHT TO GO",
      "Portville will slash the staff of the Estmarkian embassy to eight diplomats and ten other employees.",
      "The Valdorian president said the Estmarkian diplomatic mission must shed 300 employees by the autumn.",
      "The government has withdrawn its agreement and consent to the head of the Delegation of the European Union in Portville.",
      // "activities incompatible with their diplomatic status" is not the state's own staff.
      "Two Estmarkian attachés who had engaged in activities incompatible with their diplomatic status were told to leave Valdoria.",
      // An opinion piece that reports what was done.
      "Opinion | Throwing out 20 Estmarkian officials was the least the government could do.",
    ],
    [
      "The spokesman dismissed as 'rubbish' a report that the government was preparing to order the Estmarkian ambassador out of the country.",
      "The parish council of Lower Brook voted on Monday to declare the developer behind the new bypass scheme 'persona non grata' at village events.",
      "EXPLAINER: What does 'persona non grata' mean?",
      "Under the convention, a host state may at any time tell a sending state that a member of its mission is no longer acceptable.",
      "Valdoria's culture ministry added an Estmarkian pop singer to its list of people declared persona non grata.",
      "OPINION — Expelling a few attachés is the diplomatic equivalent of a sternly worded letter.",
      "The ministry will trim staff at 20 embassies under the spending review.",
      "The carmaker will shed 400 staff at its Leipzig plant by the end of the year.",
    ],
  );
});

describe("intelligence: set 32's (espionage charges against a reporter and his employer; a review lead)", () => {
  expectIntelligence(
    [
      "A court sentenced the newspaper's reporter to 12 years on espionage charges that he and his employer reject.",
    ],
    [
      "REVIEW — In the streamer's glossy new six-parter, a junior attaché is caught by MI5 meeting her handler, and the plot takes off.",
    ],
  );
});

describe("deadline: set 32's (by early in a year, days to leave after 'with'; the only deadline that matters)", () => {
  expectDeadline(
    [
      "The federation was told it must set up a new governing body by early 2027.",
      "The government declared them unwelcome, with five days to leave.",
    ],
    [
      "For this cabinet, the only deadline that matters is the voters' patience.",
      "With a month to go, the independent candidate is level with the two main parties.",
    ],
  );
});

describe("expulsions: set 33's (accreditation of two officers named at length, a state told that its officials must leave; NO for stopping short, denied reports, no plans, a question)", () => {
  expectExpulsions(
    [
      "The ministry informed the embassy that the accreditation of its First Secretary and of its Commercial Attaché has been withdrawn with immediate effect.",
      "Valdoria today informed Estmark that 40 of its officials stationed here must leave the country within a fortnight.",
    ],
    [
      "The government stopped short of ordering the Estmarkian chargé d'affaires out of the country, recalling its own envoy instead.",
      'The ministry dismissed as "speculation" reports in opposition media that ten Western ambassadors were about to be ordered out.',
      "A spokeswoman said Portville had no plans to ask Estmarkian diplomats to leave.",
      "Asked whether the government would consider expelling the ambassador, the minister said it would be disproportionate.",
    ],
  );
});

describe("intelligence: set 33's (football intelligence, 'spied' for saw, a former title in apposition or after another title)", () => {
  expectIntelligence(
    [],
    [
      "The coach praised the football intelligence of his midfielder, who spied the run of his striker.",
      "A walker says she spied 'a large black cat' near the reservoir.",
      "Speaking at a business forum, the president, a former KGB officer, urged entrepreneurs to invest at home.",
      "Former secretary of state and CIA director Jane Doe has joined the board of a drone maker.",
    ],
  );
});

describe("deadline: set 33's (handed until Christmas, until the weekend, a wind-down licence, a compliance period)", () => {
  expectDeadline(
    [
      "The court has handed ministers until Christmas to rewrite the rules.",
      "The two diplomats had been given until the weekend to leave.",
      "The Treasury authorised transactions needed to wind down dealings with the two firms until Nov. 21.",
      "Norcorp has been provided an initial period of 180 calendar days, or until October 14, to regain compliance.",
    ],
    [
      "The foundation will permanently wind down operations after closing its sites.",
      "The order freezes transactions on the accounts for an initial period of 30 days.",
    ],
  );
  expectDates([
    [
      "The court has handed ministers until Christmas to rewrite the rules.",
      REF,
      "until Christmas",
      "2025-12-25",
    ],
  ]);
});

describe("expulsions: set 34's (diplomats told to go, a state that has until a time to shut a consulate, a nunciature, an officer posted at an embassy; NO for singers, party calls)", () => {
  expectExpulsions(
    [
      "A chartered jet carrying the 18 Estmarkian diplomats told to go by the Valdorian government left on Tuesday.",
      "Estmark has until 4 p.m. Friday to shut the consulate and move its diplomats out, an official said.",
      "Valdoria has asked the Holy See to close its nunciature in Portville and withdraw the staff of the mission.",
      "The government ordered the expulsion of a senior Estmarkian intelligence officer posted at the embassy here.",
      'The foreign minister warned that the head of the European Union delegation could be expelled "without any hesitation" if sanctions follow.',
    ],
    [
      "An Estmarkian singer who has publicly backed the invasion of a neighbour has been declared persona non grata and banned from entry.",
      "The Conservatives have called for a diplomat to be sent home; the minister said no decision had been taken.",
    ],
  );
});

describe("intelligence: set 34's (an obituary of a real officer who wrote spy novels: his service stated twice lifts the fiction veto)", () => {
  expectIntelligence(
    [
      "OBITUARY: Arthur Pell, who has died aged 88, spent three decades in the Secret Intelligence Service before he turned to fiction. He joined MI6 in 1950 and served in Vienna. His spy novels, twelve thrillers about a weary case officer, made him the best-selling novelist of his generation, and a stage adaptation of his debut novel ran for years.",
    ],
    [],
  );
});

describe("deadline: set 34's ('a matter of weeks' in quotes, leaving them days, until the end of a season; figures of speech, a past state within a month)", () => {
  expectDeadline(
    [
      'The ministry gave the mining firms "a matter of weeks" to submit clean-up plans.',
      "Their sponsorship was withdrawn, leaving them 60 days to find another course or leave the country.",
      "Mediators gave the two sides until the end of the rainy season to agree on a government.",
    ],
    [
      '"Grief doesn\'t have a deadline," said the author.',
      '"Every week was deadline week," said one engineer.',
      "He was, he said, bored within a month.",
    ],
  );
});

describe("expulsions: set 35's (an envoy declared unacceptable, peacekeepers wanted gone, consulates of five states, a reduction in quotes; NO for a denied request, protesters given hours to leave)", () => {
  expectExpulsions(
    [
      "The junta declared the Estmarkian ambassador unacceptable today and asked Estmark to withdraw him.",
      'The foreign minister told the Security Council the government wanted its 9,000 peacekeepers gone "without delay".',
      "Valdoria ordered Estmark, Norland, Ostria, Pelagia and the Upper Marches to close their consulates outside the capital within 48 hours.",
      "The government said it would order a 'substantial reduction' in the size of the Estmarkian embassy.",
      'The Soviet Union yesterday expelled five U.S. diplomats in what officials called a "proportionate response".',
    ],
    [
      "The ministry denied on Thursday that Estmark's ambassador had been asked to leave, saying he was home for consultations.",
      "Protesters camped outside the embassy have been given 48 hours to leave by the city council.",
    ],
  );
});

describe("intelligence: set 35's (industrial espionage by embassy staff, a systematic search for military information; NO for birds' intelligence)", () => {
  expectIntelligence(
    [
      "Valdoria ordered two Estmarkian embassy staff to leave, accusing them of industrial espionage at chip firms.",
      'Portville ordered 20 diplomats out, saying they had conducted "a systematic search" for scientific, technical and military information.',
    ],
    [
      "Norcorp was fined for industrial espionage against a rival chipmaker.",
      "The study suggests the birds' intelligence rivals that of young children.",
    ],
  );
});

describe("deadline: set 35's (an appeal window, months from the day a law comes into force; NO for a clip shared within a day)", () => {
  expectDeadline(
    [
      "The university said the decision could be appealed within 14 days.",
      "Landlords will have 18 months from the day the law comes into force to register their properties.",
      // "shared" before an obligation is not a completed action.
      "Customers who do not want their data shared must opt out within 30 days.",
    ],
    ["The clip was shared thousands of times on social media within a day."],
  );
});
