import { createDynamoClient, createSnsClient } from "../adapters/clients.ts";
import { digestDeps } from "../composition.ts";
import { loadDigestConfig } from "../config.ts";
import { createDigestHandler } from "./app.ts";

// Composition root: config and clients are built once per cold start and reused by warm invocations.
export const handler = createDigestHandler(
  digestDeps(loadDigestConfig(), createDynamoClient(), createSnsClient()),
);
