import { z } from 'zod';

/**
 * The parts of `aws cloudformation describe-change-set` and `describe-stack-resources` output that
 * Airlock reads. Loose objects: unknown fields are kept and ignored, so newer API versions still
 * parse. Enumerations are plain strings so that a value AWS adds later becomes an `unknown` Effect
 * (fail closed) rather than a rejected payload.
 * Reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html
 */

const TagSchema = z.looseObject({ Key: z.string(), Value: z.string() });

const ResourceTargetSchema = z.looseObject({
  Attribute: z.string().optional(),
  Name: z.string().optional(),
  RequiresRecreation: z.string().optional(),
  Path: z.string().optional(),
  AttributeChangeType: z.string().optional(),
});

const DetailSchema = z.looseObject({
  Target: ResourceTargetSchema.optional(),
  Evaluation: z.string().optional(),
  ChangeSource: z.string().optional(),
  CausingEntity: z.string().optional(),
});

export const ResourceChangeSchema = z.looseObject({
  Action: z.string().min(1),
  LogicalResourceId: z.string().min(1),
  PhysicalResourceId: z.string().optional(),
  ResourceType: z.string().min(1),
  Replacement: z.string().optional(),
  Scope: z.array(z.string()).optional(),
  Details: z.array(DetailSchema).optional(),
  PolicyAction: z.string().optional(),
  ChangeSetId: z.string().optional(),
  ModuleInfo: z.unknown().optional(),
});
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;

const ChangeSchema = z.looseObject({
  Type: z.string().optional(),
  HookInvocationCount: z.number().optional(),
  ResourceChange: ResourceChangeSchema.optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

const ParameterSchema = z.looseObject({
  ParameterKey: z.string(),
  ParameterValue: z.string().optional(),
  UsePreviousValue: z.boolean().optional(),
  ResolvedValue: z.string().optional(),
});

export const ChangeSetSchema = z.looseObject({
  ChangeSetName: z.string().optional(),
  ChangeSetId: z.string().optional(),
  StackId: z.string().optional(),
  StackName: z.string().min(1),
  Status: z.string().optional(),
  ExecutionStatus: z.string().optional(),
  Changes: z.array(ChangeSchema),
  Parameters: z.array(ParameterSchema).optional(),
  Tags: z.array(TagSchema).optional(),
  NextToken: z.string().optional(),
});
export type ChangeSet = z.infer<typeof ChangeSetSchema>;

/** One entry of `describe-stack-resources` → `.StackResources[]`. */
export const StackResourceSchema = z.looseObject({
  StackName: z.string().optional(),
  StackId: z.string().optional(),
  LogicalResourceId: z.string().min(1),
  PhysicalResourceId: z.string().optional(),
  ResourceType: z.string().min(1),
  ResourceStatus: z.string().optional(),
  Timestamp: z.string().optional(),
});
export type StackResource = z.infer<typeof StackResourceSchema>;

export const DeleteStackSchema = z.object({
  stackName: z.string().min(1),
  resources: z.array(StackResourceSchema),
  /** `describe-stacks` → `.Stacks[0].EnableTerminationProtection`. */
  terminationProtection: z.boolean().optional(),
  tags: z.array(TagSchema).optional(),
});
export type DeleteStack = z.infer<typeof DeleteStackSchema>;

/** Payload of a `cloudformation` Change: a change set to execute, or a stack to delete. */
export const CloudFormationPayloadSchema = z.union([
  z
    .object({
      changeSet: ChangeSetSchema,
      /** The stack's policy (`get-stack-policy`: the answer, its StackPolicyBody, or the document). */
      stackPolicy: z.unknown().optional(),
    })
    .strict(),
  z.object({ deleteStack: DeleteStackSchema }).strict(),
]);
export type CloudFormationPayload = z.infer<typeof CloudFormationPayloadSchema>;
