/**
 * Issue 8's sixth pass, from two probe sets a helper wrote blind to the rules (240 short items and 30 articles of
 * 400 to 800 words, labelled by GUIDELINES.md): the families they showed the tagger missing or over-reading.
 * Every text here is written for this test (invented names: Norcorp, Estmark, Valdoria, Westmark, Portville).
 */
import { describe, expect, it } from "vitest";
import { createTagger, type TopicDefinition } from "../../../lambdas/core/tagger/index.ts";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-04-10");

describe("deadline: a period for filing, comment or consultation that is extended", () => {
  expectDeadline(
    [
      "The regulator extended the consultation period to 15 September.",
      "The commission has extended the public comment period by 30 days.",
      "The agency extended its registration window until the end of the month.",
      "The consultation period has been extended.",
    ],
    [
      "The bank extended the repayment period to ten years.",
      "Estmark extended the state of emergency for three months.",
      "The club extended the coach's contract until 2027.",
    ],
  );
});

describe("deadline: a month and day without a year, in a limit still to come, is the next such day", () => {
  expectDates([
    // The closest October 31 to April 10 is the one before: a limit granted now lies ahead.
    [
      "Leaders grant Valdoria a further extension until October 31.",
      "2025-04-10",
      "until October 31",
      "2025-10-31",
    ],
    [
      "The court gives parliament until December 31 to amend the law.",
      "2025-05-24",
      "until December 31",
      "2025-12-31",
    ],
    // Up to a month past, a day named is the one just gone: a limit reported after it fell.
    ["Talks went on past the March 31 deadline.", "2025-04-10", "March 31 deadline", "2025-03-31"],
    // Words that place the limit in the past keep the closest day.
    ["Creditors had until March 15 to lodge their claims.", "2025-06-30", "until March 15", "2025-03-15"],
    // A clause before it that only tells what came first does not.
    [
      "After talks, Estmark gave Valdoria until October 31 to ratify.",
      "2025-04-10",
      "until October 31",
      "2025-10-31",
    ],
  ]);
});

describe("deadline: midnight and noon deadlines, and time given to a long or quoted object", () => {
  expectDates([
    [
      "Estmark missed Tuesday's midnight deadline to repay the fund.",
      "2025-06-24",
      "Tuesday's midnight deadline",
      "2025-06-24",
    ],
    [
      "Taxpayers queued to meet the midnight deadline for filing returns.",
      "2025-04-15",
      "midnight deadline",
      "2025-04-15",
    ],
    [
      "The order gives the Westmark owner of a popular video-sharing app 90 days to sell its local arm.",
      "2025-04-10",
      "gives the Westmark owner of a popular video-sharing app 90 days to",
      "2025-07-09",
    ],
    [
      'The ministry gives the "undesirable" charity 10 days to close its offices.',
      "2025-04-10",
      'gives the "undesirable" charity 10 days to',
      "2025-04-20",
    ],
  ]);
});

describe("deadline: 'within' an hour in a story told in the past is no limit", () => {
  expectDeadline(
    ["Norcorp must respond within a week, officials said.", "The union was told to reply within 48 hours."],
    [
      "Within an hour the assistant had sorted some 3,000 messages.",
      "Within two days, the army had retaken the town.",
      "Within a week the new phone sold out in Portville.",
    ],
  );
});

const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-04-10");

describe("intelligence: cleverness, and intelligence sold to businesses", () => {
  expectIntelligence(
    [
      "Westmark shared intelligence with Estmark about the planned offensive.",
      "Her intelligence chief resigned after the leak.",
      "The agency provides intelligence to allied governments.",
    ],
    [
      "The quiz show contestant was praised for her quick intelligence.",
      "That kind of local intelligence isn't in any manual.",
      "Scouts rate the midfielder's positional intelligence highly.",
      "Her political intelligence is widely acknowledged even by opponents.",
      "The test aims to measure intelligence of the old-fashioned kind.",
      "There is also the matter of intelligence in the older sense.",
      "The quiz tests general knowledge and intelligence.",
      "The startup sells geospatial intelligence to insurers.",
      'The party hired a firm that advertises "voter intelligence" services.',
    ],
  );
});

describe("intelligence: accusations of obtaining secrets, not leaks to the press", () => {
  expectIntelligence(
    [
      "A Valdorian naval attaché was accused of trying to buy classified documents.",
      "The clerk was convicted of passing state secrets.",
    ],
    [
      "The former minister was charged with keeping classified documents at his home.",
      "The aide was accused of leaking classified information to the press.",
    ],
  );
});

describe("intelligence: a savings bank called FSB, and Russia's FSB", () => {
  expectIntelligence(
    [
      "Russia's FSB said it detained a man in Kursk.",
      "Then FSB officers searched the flat.",
      "A former FSB officer was found dead in Portville.",
    ],
    [
      "The annual meeting of Harbour Colonial FSB is scheduled for May 22.",
      "HARBOUR COLONIAL FSB POSTS HIGHER FIRST-QUARTER NET.",
    ],
  );
});

// A review long enough for the fiction context (4 distinct words) to build up around one real spying sentence.
const review = (kind: string, also: string) =>
  [
    `Quiet Man of Portville review: a ${kind} about a defector.`,
    "The film is built around hours of interviews, and the director resists turning it into a thriller.",
    "The archive footage is sparing, and there are no characters or cast to speak of, only the man himself.",
    "He spent six years as a KGB officer secretly working for Westmark before he fled.",
    also,
  ].join(" ");

describe("intelligence: a documentary is no fiction, a play is", () => {
  const { has } = topicCases("intelligence", "2025-04-10");
  it("a review that keeps calling its subject a documentary keeps the topic", () => {
    expect(has(review("documentary", "It is the best documentary of the year."))).toBe(true);
  });
  it("one passing 'documentary' does not lift the fiction context", () => {
    expect(has(review("drama", "Also reviewed this week: a documentary about crosswords."))).toBe(false);
  });
  it("a play review is fiction: playwright, stage and theatre build the context", () => {
    const play = [
      "The Five review: the playwright stages a tense evening at the Portville theatre.",
      "On stage five young men decide, for reasons the play takes its time over, to spy for a foreign power.",
      "The rehearsals show, and the audience rose at the curtain call.",
    ].join(" ");
    expect(has(play)).toBe(false);
  });
});

describe("documentVetoes.exceptGroups lift a veto when a group occurs exceptMinCount times", () => {
  const definition = (exceptMinCount: number): TopicDefinition => ({
    name: "port-strikes",
    description: "Dock workers stopping work at a port.",
    threshold: 0.5,
    macros: {},
    terms: {
      strike: { patterns: ["strike"], caseSensitive: false },
      review: { patterns: ["film", "episode", "actor"], caseSensitive: false },
      real: { patterns: ["documentary"], caseSensitive: false },
    },
    mask: [],
    vetoes: [],
    documentVetoes: [{ group: "review", minDistinct: 3, exceptGroups: ["real"], exceptMinCount }],
    rules: [{ id: "strike", all: ["strike"], weight: 0.9, ordered: true }],
  });
  const text = "A documentary film. The strike closed the port. One episode, one actor, one documentary.";
  it("twice with a minimum of two: the veto is lifted", () => {
    expect(
      createTagger([definition(2)])
        .tag(text)
        .map((t) => t.topic),
    ).toEqual(["port-strikes"]);
  });
  it("twice with a minimum of three: the veto holds", () => {
    expect(createTagger([definition(3)]).tag(text)).toEqual([]);
  });
});

const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-04-10");

describe("expulsions: agency heads, an organisation's representative, diplomatic ranks, staff cuts, 'demands that ... leave'", () => {
  expectExpulsions(
    [
      "Valdoria orders the country directors of UNICEF and the World Food Programme to leave.",
      "The junta orders the EU's representative to leave the country.",
      "Estmark orders Westmark to cut its diplomatic and technical staff in the country by 300.",
      "The foreign ministry demands that the Westmark consul in Portville leave within a week.",
      "Estmark ordered a second secretary at the Westmark embassy to leave the country within seven days.",
      "The counsellor at the Valdorian embassy was expelled.",
    ],
    [
      "The court ruled that the tenants leave the building.",
      "Valdoria ordered its own diplomatic and technical staff home for consultations.",
      "The UN's representative left Portville at the end of her term.",
      "The first secretary of the regional party committee was expelled from the party.",
    ],
  );
});

// Second blind probe set (120 short items, 20 articles), read after the families above were in.
describe("deadline: a deadline named as a habit is no time limit; a postponement that gives more time is", () => {
  expectDeadline(
    [
      "Leaders agree to delay the exit date until October 31, giving lawmakers more time to approve the deal.",
      "The board postponed the sale to March 3, buying the bidders extra time to raise funds.",
    ],
    [
      "Colleagues said he never missed a deadline in forty years of writing.",
      '"The deadline was always my drug," the retiring editor said.',
      "Reporters working on deadline filed from the courthouse steps.",
      "My wife was not allowed to join me until 1985.",
      "The launch was delayed until March 3 because of the weather.",
      "Talks were postponed until Thursday to give the banks more time to consider the offer.",
    ],
  );
});

describe("intelligence: a committee chair named in a title, and crime novelists", () => {
  expectIntelligence(
    [
      "The Senate Intelligence Committee said Westmark interfered in the election.",
      "The head of the Foreign Intelligence Service met his Estmark counterpart.",
    ],
    [
      "The chairman of the Senate Intelligence Committee introduced a bill on rural broadband.",
      "A novelist won the thriller writers' award for a book about a double agent inside MI6.",
    ],
  );
});

describe("expulsions: a mission ordered closed with its staff and their families told to leave; inspectors", () => {
  expectExpulsions(
    [
      "Valdoria ordered the consulate closed and told its 14 accredited staff and their families to leave by April 24.",
      "Estmark ordered the Westmark members of United Nations weapons inspection teams to leave the country.",
      "Estmark informed her that the Westmark embassy would have to reduce its diplomatic and technical staff from 45 to 20.",
    ],
    [
      "The party expelled three Republican officials who backed the rival candidate.",
      "The army expelled Islamist agents from the town.",
      "Valdoria ordered its embassy closed and told citizens and families to leave for their safety.",
    ],
  );
});
