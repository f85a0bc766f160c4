import { createDynamoClient, createSchedulerClient, createSnsClient } from "../adapters/clients.ts";
import { notifyDeps } from "../composition.ts";
import { loadNotifyConfig } from "../config.ts";
import { createNotifyHandler } from "./app.ts";

// Composition root: config and clients are built once per cold start and reused by warm invocations.
export const handler = createNotifyHandler(
  notifyDeps(loadNotifyConfig(), createDynamoClient(), createSnsClient(), {
    scheduler: createSchedulerClient(),
  }),
);
