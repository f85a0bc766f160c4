import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { ApiAuth } from "../config.ts";
import { LOG_RETENTION } from "./wirewatch-function.ts";

export interface IngestApiProps {
  /** The function behind `POST /articles`. */
  readonly handler: lambda.IFunction;
  /** `iam`: SigV4-signed calls only; `apikey`: an API key with a usage plan. @default "iam" */
  readonly auth?: ApiAuth;
  /**
   * Whether this stack sets the region's API Gateway CloudWatch Logs role (see the comment in the constructor).
   * `false` only where the account already has one (context `apiLogRole=account`). @default true
   */
  readonly createAccountLogRole?: boolean;
  /** Steady-state requests per second for the stage. @default 50 */
  readonly rateLimit?: number;
  /** Burst for the stage. @default 100 */
  readonly burstLimit?: number;
}

/**
 * A REST API (not an HTTP API: moto's CloudFormation can deploy REST APIs, and REST APIs offer IAM
 * authorization, usage plans and request validation) with one method, `POST /articles`.
 */
export class IngestApi extends Construct {
  public readonly api: apigw.RestApi;
  public readonly method: apigw.Method;
  public readonly accessLogGroup: logs.LogGroup;
  /** The API key, in `apikey` mode. */
  public readonly apiKey?: apigw.IApiKey;
  /**
   * In `apikey` mode, the AWS CLI command that prints the key's value (CloudFormation cannot output the value
   * itself: AWS::ApiGateway::ApiKey returns only its id).
   */
  public readonly apiKeyValueCommand?: string;
  /** The URL clients POST articles to. */
  public readonly articlesUrl: string;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    const auth = props.auth ?? "iam";

    this.accessLogGroup = new logs.LogGroup(this, "AccessLogs", {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const createAccountLogRole = props.createAccountLogRole ?? true;
    this.api = new apigw.RestApi(this, "Api", {
      description: "wirewatch article ingest",
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // A stage with access logging fails to create ("CloudWatch Logs role ARN must be set in account settings to
      // enable logging") unless the region's API Gateway account settings name a CloudWatch role; a fresh account
      // or region has none (docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html). So the stack
      // sets it (AWS::ApiGateway::Account) and the stage waits for it. The setting is account-wide: the role and
      // the setting are retained when the stack is deleted, so the account's other APIs keep logging. An account
      // whose role is managed elsewhere deploys with `-c apiLogRole=account` (docs/deploy-aws.md says how to check).
      cloudWatchRole: createAccountLogRole,
      ...(createAccountLogRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
      deployOptions: {
        stageName: "v1",
        throttlingRateLimit: props.rateLimit ?? 50,
        throttlingBurstLimit: props.burstLimit ?? 100,
        tracingEnabled: true,
        metricsEnabled: true,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const logRole = this.api.node.tryFindChild("CloudWatchRole")?.node.defaultChild;
    if (logRole)
      Validations.of(logRole).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
        reason:
          "The region's API Gateway logging role is shared by every REST API in the account, so it carries the " +
          "AWS-managed policy AWS documents for it; a policy narrowed to this stack's log group would break the " +
          "logging of the account's other APIs.",
      });
    const stage = this.api.deploymentStage.node.defaultChild as apigw.CfnStage;
    Validations.of(stage).acknowledge({
      id: "AwsSolutions-APIG6",
      reason:
        "No execution logging: API Gateway would write it to log groups it creates itself, outside the stack and " +
        "without retention; every request is in the JSON access log and the function logs the outcome.",
    });
    Validations.of(stage).acknowledge({
      id: "AwsSolutions-APIG3",
      reason:
        "No WAF: the only method requires SigV4 (or an API key) and the stage is throttled; a web ACL would " +
        "cost more than the whole pipeline for no added protection against signed callers.",
    });

    // API Gateway checks the shape before the function runs: a JSON body (one article or a batch) and a
    // Content-Type header. The function still validates every field and answers with a precise message.
    const validator = this.api.addRequestValidator("Validator", {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const bodyModel = this.api.addModel("ArticlesBody", {
      contentType: "application/json",
      description: "One article or a batch of articles",
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        type: [apigw.JsonSchemaType.OBJECT, apigw.JsonSchemaType.ARRAY],
      },
    });

    const methodOptions: apigw.MethodOptions =
      auth === "iam"
        ? { authorizationType: apigw.AuthorizationType.IAM }
        : { authorizationType: apigw.AuthorizationType.NONE, apiKeyRequired: true };
    this.method = this.api.root
      .addResource("articles")
      .addMethod("POST", new apigw.LambdaIntegration(props.handler, { allowTestInvoke: false }), {
        ...methodOptions,
        requestValidator: validator,
        requestModels: { "application/json": bodyModel },
        requestParameters: { "method.request.header.Content-Type": true },
      });

    const methodResource = this.method.node.defaultChild as apigw.CfnMethod;
    if (auth === "iam") {
      Validations.of(methodResource).acknowledge({
        id: "AwsSolutions-COG4",
        reason:
          "Callers are AWS principals authenticated with SigV4 (AuthorizationType AWS_IAM), not Cognito users.",
      });
    } else {
      const plan = this.api.addUsagePlan("UsagePlan", {
        description: "wirewatch ingest clients",
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
        throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      });
      this.apiKey = this.api.addApiKey("ApiKey", { description: "wirewatch ingest client key" });
      plan.addApiKey(this.apiKey);
      this.apiKeyValueCommand = `aws apigateway get-api-key --api-key ${this.apiKey.keyId} --include-value --query value --output text`;
      Validations.of(methodResource).acknowledge({
        id: "AwsSolutions-APIG4",
        reason: "apikey mode (context apiAuth=apikey) was chosen explicitly: the method requires an API key.",
      });
      Validations.of(methodResource).acknowledge({
        id: "AwsSolutions-COG4",
        reason: "apikey mode (context apiAuth=apikey): callers present an API key, not a Cognito token.",
      });
    }

    this.articlesUrl = this.api.urlForPath("/articles");
  }
}
