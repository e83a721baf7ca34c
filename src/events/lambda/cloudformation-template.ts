import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../json.js';
import type { Deployment } from './deployment.js';

export interface TemplateOptions {
  /** The function's name; absent: CloudFormation makes one from the stack's. */
  functionName?: string;
}

/** Seconds one invocation may run: a submit, a job lookup and the ledger's writes take a few. */
const FUNCTION_TIMEOUT_S = 60;
/** How often Lambda retries a failed (asynchronous, EventBridge) invocation, and for how long it keeps the event. */
const ASYNC_RETRIES = 2;
const MAX_EVENT_AGE_S = 6 * 3600;

const ref = (name: string): JsonObject => ({ Ref: name });
const arnOf = (resource: string): JsonObject => ({ 'Fn::GetAtt': [resource, 'Arn'] });
const sub = (text: string): JsonObject => ({ 'Fn::Sub': text });

/** A logical id for a rule: its name's letters and digits, and a hash of the whole name so `a-b` and `a_b` differ. */
function ruleLogicalId(name: string): string {
  return `Rule${name.replace(/[^A-Za-z0-9]/g, '')}${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

const PARAMETERS: JsonObject = {
  CodeBucket: { Type: 'String', Description: 'The S3 bucket holding the function package (function.zip)' },
  CodeKey: { Type: 'String', Description: 'The key of the function package in CodeBucket' },
  LedgerBucket: { Type: 'String', Description: 'The S3 bucket where the function records which (rule, event) pairs it acted on' },
  LedgerPrefix: { Type: 'String', Default: 'spawn-slurm/', Description: 'The key prefix of the ledger in LedgerBucket (ends with / or is empty)' },
  JwtSecretArn: { Type: 'String', Description: 'The ARN of the Secrets Manager secret holding the slurmrestd JWT' },
  EventBusName: { Type: 'String', Default: 'default', Description: 'The event bus the rules listen on' },
  SubnetIds: { Type: 'CommaDelimitedList', Default: '', Description: 'Subnets from which the function reaches slurmrestd (empty: no VPC)' },
  SecurityGroupIds: { Type: 'CommaDelimitedList', Default: '', Description: 'Security groups for the function in the VPC (with SubnetIds)' },
};

function role(): JsonObject {
  const managed = (name: string) => sub(`arn:\${AWS::Partition}:iam::aws:policy/service-role/${name}`);
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      // The VPC policy includes the basic one (CloudWatch Logs) and adds the network interfaces a VPC function needs.
      ManagedPolicyArns: [{ 'Fn::If': ['InVpc', managed('AWSLambdaVPCAccessExecutionRole'), managed('AWSLambdaBasicExecutionRole')] }],
      Policies: [
        {
          PolicyName: 'spawn-slurm-rules',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: sub('arn:${AWS::Partition}:s3:::${LedgerBucket}/${LedgerPrefix}ledger/*') },
              { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ref('JwtSecretArn') },
            ],
          },
        },
      ],
    },
  };
}

function lambdaFunction(options: TemplateOptions): JsonObject {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      ...(options.functionName ? { FunctionName: options.functionName } : {}),
      Description: 'spawn-slurm rules: EventBridge events to Slurm jobs through slurmrestd',
      Runtime: 'nodejs20.x',
      Handler: 'handler.handler',
      Code: { S3Bucket: ref('CodeBucket'), S3Key: ref('CodeKey') },
      Role: arnOf('FunctionRole'),
      Timeout: FUNCTION_TIMEOUT_S,
      MemorySize: 256,
      Environment: { Variables: { LEDGER_BUCKET: ref('LedgerBucket'), LEDGER_PREFIX: ref('LedgerPrefix'), SLURM_JWT_SECRET_ARN: ref('JwtSecretArn') } },
      VpcConfig: { 'Fn::If': ['InVpc', { SubnetIds: ref('SubnetIds'), SecurityGroupIds: ref('SecurityGroupIds') }, ref('AWS::NoValue')] },
    },
  };
}

/**
 * The CloudFormation template that deploys a deployment: the function, its role, and per rule an
 * EventBridge rule with the rule's pattern unchanged, targeting the function, with the permission
 * that lets EventBridge invoke it. Parameters carry everything site-specific; nothing secret is in it.
 */
export function cloudFormationTemplate(deployment: Deployment, options: TemplateOptions = {}): JsonObject {
  const resources: Record<string, JsonValue> = {
    FunctionRole: role(),
    RulesFunction: lambdaFunction(options),
    RulesFunctionRetries: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: { FunctionName: ref('RulesFunction'), Qualifier: '$LATEST', MaximumRetryAttempts: ASYNC_RETRIES, MaximumEventAgeInSeconds: MAX_EVENT_AGE_S },
    },
  };
  for (const rule of deployment.rules) {
    const id = ruleLogicalId(rule.name);
    resources[id] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `spawn-slurm rule ${rule.name}`,
        EventBusName: ref('EventBusName'),
        EventPattern: rule.pattern,
        State: 'ENABLED',
        Targets: [{ Id: 'spawn-slurm-rules', Arn: arnOf('RulesFunction') }],
      },
    };
    resources[`${id}Permission`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: { FunctionName: ref('RulesFunction'), Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: arnOf(id) },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `spawn-slurm rules for Slurm cluster ${deployment.cluster.name}: ${deployment.rules.length} rule(s) submitting through slurmrestd`,
    Parameters: PARAMETERS,
    Conditions: { InVpc: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', ref('SubnetIds')] }, ''] }] } },
    Resources: resources,
    Outputs: { FunctionArn: { Description: 'The function the rules invoke', Value: arnOf('RulesFunction') } },
  };
}
