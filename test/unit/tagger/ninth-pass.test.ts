/**
 * Issue 8's ninth pass, from the errors of the eighth blind probe set (160 mixed items, scored once on the code
 * as it landed) and the blind sets written after it: the families they showed the tagger missing or
 * over-reading. Every text here is written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-04-10");
const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-04-10");
const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-04-10");
const tagger = loadTagger();
const topicsOf = (text: string) => tagger.tag(text, { referenceDate: "2025-04-10" }).map((t) => t.topic);

describe("expulsions: citizens or migrants named elsewhere in the sentence are not an evacuation", () => {
  expectExpulsions(
    [
      "Estmark ordered 12 Valdorian diplomats to leave, saying they had spied on Estmarkian citizens abroad.",
      "Estmark and Valdoria each ordered three of the other's diplomats to leave, the latest turn in a row over migrants.",
      "Portville told two Valdorian envoys to leave within a week, citing threats against residents of the border towns.",
    ],
    [
      "The embassy urged its citizens and non-essential staff to leave the country while flights still ran.",
      "Estmark told its nationals and the families of its diplomats to leave Portville.",
      "All foreign nationals, embassy staff among them, were told to leave the city before the curfew.",
    ],
  );
});

describe("expulsions: a first, second or third secretary with a nationality is a diplomat; a party's first secretary is not", () => {
  expectExpulsions(
    [
      "Neighbours waved as the family of a Valdorian first secretary ordered out of the country last week drove to the airport.",
      "Portville expelled an Estmarkian second secretary in retaliation on Friday.",
    ],
    [
      "The party's first secretary in the province was expelled from the Communist Party for taking bribes.",
      "The First Secretary of the Communist Party of Valdoria ordered officials to leave the building.",
    ],
  );
});

describe("expulsions: protesters rallying far from the verb, demanding 'the ambassador's expulsion'", () => {
  expectExpulsions(
    [
      "Estmark demanded the Valdorian ambassador's expulsion from the alliance's talks and ordered him to leave.",
    ],
    [
      "Hundreds of students marched past the Valdorian embassy in Portville on Saturday demanding the ambassador's expulsion.",
    ],
  );
});

describe("expulsions and deadline: a book review's debut about an expelled envoy", () => {
  it("is neither an expulsion nor a deadline", () => {
    const text =
      "Book review — In 'The Attaché', Ines Varga's accomplished debut, an envoy is declared persona non grata and given 48 hours to leave a nameless capital.";
    expect(topicsOf(text)).not.toContain("expulsions");
    expect(topicsOf(text)).not.toContain("deadline");
  });
});

describe("intelligence: 'a level of intelligence' is cleverness; a level of intelligence sharing is not", () => {
  expectIntelligence(
    ["The level of intelligence sharing between Estmark's and Valdoria's services has never been higher."],
    [
      "Magpies solved the puzzles faster than most toddlers, showing a remarkable level of intelligence, the study found.",
      "Dolphins show signs of intelligence that surprised the researchers.",
    ],
  );
});

describe("deadline: a league's trade deadline with a stated time is a limit; the bare jargon is not", () => {
  expectDeadline(
    [
      "With the trade deadline set for 3 p.m. ET on Friday, Portville are listening to offers for their goalkeeper.",
      "The NHL trade deadline is 3 p.m. ET on March 3.",
    ],
    [
      "Portville made two trade deadline deals to bolster their defence.",
      "The presenter best known for his yellow ties on transfer deadline day is leaving the channel.",
    ],
  );
});

describe("deadline: short zones and 'Eastern' without 'time' keep the day they precede", () => {
  expectDates([
    [
      "The filing window for the new licences closes at 6 p.m. Eastern on Nov. 14, the commission said.",
      "2025-11-01",
      "closes at 6 p.m. Eastern on Nov. 14",
      "2025-11-14",
    ],
    [
      "Observing proposals for the autumn semester are due by 12:00 UT on 27 March.",
      "2025-02-20",
      "are due by 12:00 UT on 27 March",
      "2025-03-27",
    ],
    [
      "With the trade deadline set for 3 p.m. ET on Friday, Portville are listening to offers.",
      "2025-02-19",
      "deadline set for 3 p.m. ET on Friday",
      "2025-02-21",
    ],
  ]);
});
