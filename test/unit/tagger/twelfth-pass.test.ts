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
