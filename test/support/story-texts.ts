/**
 * Articles written for the story tests (our own words): one story and the ways its copies arrive, plus distinct
 * stories that share its topic, its country or its company.
 */
import type { TaggedArticle, TopicTag } from "../../lambdas/core/article.ts";

export const ORIGINAL = {
  title: "Valdoria expels four Restavian diplomats over alleged spying",
  body: [
    "The foreign ministry of Valdoria said on Tuesday it had expelled four Restavian diplomats, accusing them of running an intelligence network out of the embassy's trade section.",
    "A ministry spokeswoman said the four had been declared persona non grata after investigators traced payments from the embassy to two employees of the state grid operator.",
    "Restavia's ambassador was summoned to the ministry on Tuesday morning and handed a formal note of protest, the spokeswoman told reporters in the capital.",
    "The grid operator said it had dismissed both employees in March and was cooperating with prosecutors, who have charged them with passing technical plans to a foreign power.",
    "Restavia denied the accusations and said it would respond in kind, a step that would leave both embassies with the smallest staff in three decades.",
    "Relations between the neighbours have soured since a dispute over river shipping rights last autumn, when Valdoria briefly closed two border crossings.",
  ].join("\n\n"),
};

const paragraphs = ORIGINAL.body.split("\n\n");

/** A trimmed copy (the top four paragraphs) under another outlet's dateline and credit line. */
export const TRIMMED_WITH_CREDIT = {
  title: ORIGINAL.title,
  body: `NORDHAVEN (Sample Post) - ${paragraphs.slice(0, 4).join("\n\n")}\n\n(Reporting by Ana Lind; Editing by Tomas Berg)`,
};

/** An "UPDATE 1-" copy with one sentence added, naming a deadline. */
export const UPDATE_WITH_DEADLINE = {
  title: `UPDATE 1-${ORIGINAL.title}`,
  body: [
    ...paragraphs.slice(0, 2),
    "The ministry gave the four diplomats until Friday to leave the country.",
    ...paragraphs.slice(2),
  ].join("\n\n"),
};

/** A re-headlined copy with a copyright footer and house-style edits. */
export const REHEADLINED = {
  title: "Restavian envoys told to go as Valdoria alleges grid spy ring",
  body: `${ORIGINAL.body.replace(/on Tuesday/g, "Tuesday")}\n\nCopyright 2026 Example Daily. All rights reserved.`,
};

/** A different expulsion on the same day, from the same ministry (same topic, same country). */
export const OTHER_EXPULSION = {
  title: "Valdoria orders Korsan military attaché out within 48 hours",
  body: [
    "Valdoria's foreign ministry on Tuesday ordered the military attaché of Korsa to leave within 48 hours, saying he had photographed air defence sites near the northern border.",
    "The attaché was detained briefly by military police on Sunday and released after the embassy confirmed his diplomatic status, officials said.",
    "Korsa's defence ministry called the order a provocation and recalled Valdoria's own attaché for consultations in a statement issued late on Tuesday.",
    "It is the second time in a year that Valdoria has asked a Korsan officer to leave; the first case, in January, involved a naval liaison officer in the port city of Ostra.",
  ].join("\n\n"),
};

/** Two quarterly reports of one company: the same template, different figures. */
export const EARNINGS_Q1 = {
  title: "Norvale Mining first-quarter profit rises",
  body: "Norvale Mining said first-quarter net profit rose to 41.2 million crowns from 35.8 million a year earlier, on sales of 310.5 million crowns against 288.1 million. Earnings per share were 1.12 crowns against 0.97. The company kept its forecast for the full year and said copper output at its two mines rose 6 percent.",
};
export const EARNINGS_Q2 = {
  title: "Norvale Mining second-quarter profit falls",
  body: "Norvale Mining said second-quarter net profit fell to 29.4 million crowns from 38.0 million a year earlier, on sales of 275.9 million crowns against 301.7 million. Earnings per share were 0.80 crowns against 1.03. The company cut its forecast for the full year and said copper output at its two mines fell 4 percent.",
};

let counter = 0;

/** A tagged article as ingest would store it (tags given, not computed: these tests are about stories). */
export function article(
  text: { title: string; body: string },
  topics: string[],
  o: { source?: string; publishedAt?: string; id?: string; deadline?: { phrase: string; date: string } } = {},
): TaggedArticle {
  const id = o.id ?? `a${String(++counter).padStart(31, "0")}`;
  const tags: TopicTag[] = topics.map((topic) => ({
    topic,
    score: 0.9,
    evidence: `Evidence for ${topic}.`,
    ...(topic === "deadline" && o.deadline ? { deadline: o.deadline } : {}),
  }));
  return {
    id,
    contentHash: id.padEnd(64, "0"),
    title: text.title,
    text: text.body,
    source: o.source ?? "Example Wire",
    url: `https://news.example.org/${id}`,
    publishedAt: o.publishedAt ?? "2026-03-03T09:00:00.000Z",
    ingestedAt: o.publishedAt ?? "2026-03-03T09:00:00.000Z",
    tags,
  };
}
