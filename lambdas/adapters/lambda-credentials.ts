import { fromEnv } from "@aws-sdk/credential-provider-env";
import { fromHttp } from "@aws-sdk/credential-provider-http";

/**
 * The SDK's default credential chain as the Lambda bundles see it: an esbuild alias replaces
 * `@aws-sdk/credential-provider-node` by this module (infra/constructs/wirewatch-function.ts). Lambda hands the
 * execution role's credentials to the function in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN; where a runtime serves them over HTTP instead (AWS_CONTAINER_CREDENTIALS_*, as SnapStart
 * does), the container provider reads them. The SSO, profile, process, web-identity and instance-metadata
 * providers, and the STS and SSO clients they carry, were a quarter of each bundle, parsed at every cold start
 * and never run in Lambda.
 */
export function defaultProvider(init: Parameters<typeof fromEnv>[0] = {}): ReturnType<typeof fromEnv> {
  const env = fromEnv(init);
  // Built on first use: fromHttp refuses to be built without a container credentials URI.
  return async () => (process.env.AWS_ACCESS_KEY_ID ? env() : fromHttp({ logger: init.logger })());
}
