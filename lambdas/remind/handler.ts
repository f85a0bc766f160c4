import { createDynamoClient, createSnsClient } from "../adapters/clients.ts";
import { remindDeps } from "../composition.ts";
import { loadRemindConfig } from "../config.ts";
import { createRemindHandler } from "./app.ts";

// Composition root: config and clients are built once per cold start and reused by warm invocations.
export const handler = createRemindHandler(
  remindDeps(loadRemindConfig(), createDynamoClient(), createSnsClient()),
);
