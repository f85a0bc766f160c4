/**
 * Regressions from the out-of-sample audit (unlabelled 2025 summaries outside the dev set, plus paraphrase
 * probes of the guideline cases). Each case pins one general language pattern that a rule missed or
 * over-matched. Every text is written for this test (invented countries: Estmark, Westmark, Norland,
 * Southland); none is taken from the corpus, the dev set or any article.
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

const tagger = loadTagger();
const REF = "2025-03-14"; // a Friday
const topicsOf = (text: string, referenceDate = REF) =>
  tagger
    .tag(text, { referenceDate })
    .map((t) => t.topic)
    .sort();
const deadlineOf = (text: string, referenceDate = REF) =>
  tagger.tag(text, { referenceDate }).find((t) => t.topic === "deadline")?.deadline;

function expectTopic(topic: string, yes: readonly string[], no: readonly string[]) {
  for (const text of yes) it(`tags ${topic}: ${text}`, () => expect(topicsOf(text)).toContain(topic));
  for (const text of no)
    it(`does not tag ${topic}: ${text}`, () => expect(topicsOf(text)).not.toContain(topic));
}

describe("expulsions: audit regressions", () => {
  describe("'orders <nationality> diplomats out of <a city>', but not a state ordering its own diplomats out", () => {
    expectTopic(
      "expulsions",
      [
        "Southland orders Norland and Estmark diplomats out of its capital.",
        "Westmark ordered the Norland envoy out on Sunday.",
      ],
      [
        "Estmark orders its diplomats out of Westmark as the fighting spreads.",
        "Norland ordered some of its diplomats out of the region for their safety.",
      ],
    );
  });
  describe("closing another state's mission and telling its staff to leave ('its' is the mission's)", () => {
    expectTopic(
      "expulsions",
      [
        "Norland closes the last Southland consulate on its soil and tells its staff to leave by the end of the month.",
        "Estmark shut the Westmark embassy on Monday and gave all diplomats there a week to depart.",
      ],
      [
        "Norland closes its embassy in Southland and tells its staff to leave as fighting nears the capital.",
        "Westmark temporarily closed the Estmark consulate after a fire, and the staff were told to leave the building.",
      ],
    );
  });
  describe("a staff cut with a longer noun phrase ('reduce the size of its embassy staff')", () => {
    expectTopic(
      "expulsions",
      ["Estmark orders Westmark to reduce the size of its embassy staff by half."],
      [],
    );
  });
  describe("'ordered the closure of' a foreign mission", () => {
    expectTopic(
      "expulsions",
      ["Norland ordered the closure of the Southland consulate in its second city."],
      [],
    );
  });
  describe("closing an international organisation's office and sending its staff away", () => {
    expectTopic(
      "expulsions",
      [
        "The Estmark cabinet orders the UN rights office to shut down and its foreign staff to leave.",
        "The junta ordered the UN human rights office closed and its officials expelled.",
      ],
      ["The UN refugee agency closed its office in the capital after funding cuts."],
    );
  });
  describe("asking another state to withdraw a number of its diplomats", () => {
    expectTopic("expulsions", ["Norland asks Southland to withdraw 30 diplomats from its capital."], []);
  });
  describe("the head of another state's mission", () => {
    expectTopic("expulsions", ["Estmark expelled the deputy head of the Westmark mission."], []);
  });
  describe("a state ordering its own staff out is not an expulsion", () => {
    expectTopic(
      "expulsions",
      [],
      [
        "Westmark ordered its own diplomats to leave the capital as the fighting spread.",
        "The ambassador was sent home for consultations after the vote.",
        "Westmark closes its embassy in Norland and orders its staff out.",
      ],
    );
  });
  describe("headline verbs: 'orders out', 'marching orders', 'pack his bags', 'tells ... to go'", () => {
    expectTopic(
      "expulsions",
      [
        "Estmark Orders Out Two Westmark Embassy Workers",
        "Southland envoy given his marching orders after a row over remarks",
        "Norland tells the Westmark ambassador to pack his bags",
        "Estmark junta tells Westmark ambassador to go",
      ],
      ["The ambassador told reporters it was time to go."],
    );
  });
  describe("closing another state's consulate and ordering its staff out", () => {
    expectTopic(
      "expulsions",
      ["Estmark closes the Westmark consulates in retaliation for the hanging and orders staff home."],
      [],
    );
  });
});

describe("intelligence: audit regressions", () => {
  describe("cleverness is not intelligence; classified documents passed to a state and agents of a government are", () => {
    expectTopic(
      "intelligence",
      [
        "A former army clerk was jailed for passing classified documents to Westmark.",
        "Prosecutors say the engineer acted as an agent of the Estmark government for a decade.",
        "Officials called it a great intelligence failure.",
      ],
      [
        "The parrot showed remarkable intelligence in solving the puzzle box.",
        "The minister was accused of leaking classified documents to the press.",
      ],
    );
  });
  describe("a national security service or agency named in lower case or by nationality", () => {
    expectTopic(
      "intelligence",
      [
        "The head of the Estmarkian security service was dismissed on Monday.",
        "Norland's Internal Security Agency detained a suspected saboteur.",
      ],
      [
        "Guards of the Presidential Security Service blocked the investigators.",
        "A private security agency guards the shopping centre.",
      ],
    );
  });
  describe("'agents of a foreign power' and state-attributed agents", () => {
    expectTopic(
      "intelligence",
      [
        "Two men are charged with acting as agents of a foreign power.",
        "Russian agents are suspected of a string of warehouse fires, officials say.",
      ],
      ["The striker's agents met the club on Tuesday."],
    );
  });
  describe("passing secrets to another state (not to the press, not trade secrets)", () => {
    expectTopic(
      "intelligence",
      ["A former colonel was convicted of treason for passing secrets to Westmark."],
      [
        "She was accused of leaking secrets to the press.",
        "The engineer sold company secrets to a rival firm.",
        "He passed trade secrets to a competitor.",
      ],
    );
  });
});

describe("deadline: audit regressions", () => {
  describe("a request or instruction with a date ('requested to ... by', 'asked X to ... by')", () => {
    expectTopic(
      "deadline",
      [
        "All ministries are requested to propose spending cuts by mid-June.",
        "The committee asked the firm to answer by Wednesday.",
      ],
      [
        "Officials told reporters the bridge should reopen to traffic by Friday.",
        "Observers requested access to the polling stations.",
        "The mayor asked residents to stay calm on Friday.",
      ],
    );
  });
  describe("a legal time limit being violated", () => {
    expectTopic(
      "deadline",
      ["The ministry may be violating a statute that foresees full disclosure of the files by December 19."],
      ["Westmark violated the truce on Sunday, Estmark said."],
    );
  });
  describe("'plans' as a noun does not make a limit a schedule", () => {
    expectTopic(
      "deadline",
      ["Regions must hand in their recovery plans by April 30."],
      ["The festival, planned for March 29, was cancelled."],
    );
  });
  describe("counted events 'within' a span are not a time limit", () => {
    expectTopic(
      "deadline",
      [],
      [
        "Three attacks within 24 hours rattled the port city.",
        "Two shootings within a week shocked the town.",
      ],
    );
  });
  describe("a fortnight", () => {
    it("tags and resolves 'within a fortnight' as two weeks", () =>
      expect(deadlineOf("Militias must disarm within a fortnight, the army said.")).toEqual({
        phrase: "within a fortnight",
        date: "2025-03-28",
      }));
  });
});

describe("deadline dates: audit regressions (reference Friday 2025-03-14)", () => {
  const cases: [string, string, string | null, string?][] = [
    // day-month-year must not be split into "1" + "July 20"
    ["Suppliers must register no later than 1 July 2025.", "no later than 1 July 2025", "2025-07-01"],
    ["The firm must comply by 31 March 2026 or pay a fine.", "by 31 March 2026", "2026-03-31"],
    // a clock time after "until"
    ["The union was told it had until 5 p.m. to call off the strike.", "until 5 p.m.", "2025-03-14"],
    // the stated expiry day wins over the bare "deadline expires"
    [
      "The deadline for the ceasefire talks expires on Friday.",
      "deadline for the ceasefire talks expires on Friday",
      "2025-03-14",
      "2025-03-10",
    ],
    [
      "A 30-day grace period for payment expires on Friday.",
      "grace period for payment expires on Friday",
      "2025-03-14",
      "2025-03-12",
    ],
    // past tense looks backwards
    [
      "The deadline to accept the offer expired on Thursday.",
      "deadline to accept the offer expired on Thursday",
      "2025-03-13",
    ],
    ["The deadline passed on Monday without an agreement.", "deadline passed on Monday", "2025-03-10"],
    // a possessive weekday deadline that was missed lies before the reference day
    [
      "Lawmakers missed Friday's deadline to pass the budget.",
      "missed Friday's deadline",
      "2025-03-14",
      "2025-03-15",
    ],
    // "cut-off date ... is <date>"
    [
      "The cut-off date for applications is April 15.",
      "cut-off date for applications is April 15",
      "2025-04-15",
    ],
    // the new limit after an extension
    [
      "The deadline for filing returns was extended to May 15.",
      "deadline for filing returns was extended to May 15",
      "2025-05-15",
    ],
    // "extends the deadline for X to <date>": the new limit past the clause, quoted as its shortest span
    [
      "Norland extends the deadline for utilities to submit their safety plans to June 30.",
      "to June 30",
      "2025-06-30",
    ],
    [
      "The regulator pushed back its reporting deadline until the end of April.",
      "until the end of April",
      "2025-04-30",
    ],
  ];
  for (const [text, phrase, date, ref] of cases)
    it(`${text} -> ${date}`, () => expect(deadlineOf(text, ref ?? REF)).toEqual({ phrase, date }));
});
