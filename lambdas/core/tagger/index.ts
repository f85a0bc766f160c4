/** The topic tagger: topics are data (topics/*.json), this module is the engine that runs them. */
export { extractDeadline, type ReferenceDay, toReferenceDay } from "./deadline.ts";
export {
  compileTopic,
  EXTRACTORS,
  normalisePattern,
  type TopicDefinition,
  TopicDefinitionError,
  type TopicRule,
} from "./definition.ts";
export { parseTopicDefinition, topicDefinitionSchema } from "./definition-schema.ts";
export { createTagger, scoreSentence } from "./engine.ts";
export { type Sentence, splitSentences } from "./sentences.ts";
export type { Tagger, TagOptions } from "./types.ts";
