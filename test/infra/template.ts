import { App, CfnElement, type Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { Code } from 'aws-cdk-lib/aws-lambda'
import type { InfraConfig } from '../../infra/config'
import { featureFlags } from '../../infra/config/feature-flags'
import { EdgePresignStack } from '../../infra/stack'

/**
 * The stack's CloudFormation template for a configuration, as `npm run synth` builds it but
 * with an inline stub in place of the esbuild bundle, so a synth takes a fraction of a second.
 *
 * @example
 * ```ts
 * const { template } = synthesize({ bucketNames: {}, allowedOrigins: ['*'] })
 * template.resourceCountIs('AWS::Lambda::Function', 1)
 * ```
 */
export function synthesize(config: InfraConfig): { stack: Stack; template: Template } {
  const app = new App({ context: featureFlags })
  const stack = new EdgePresignStack(app, 'Test', {
    env: { account: '123456789012', region: 'us-east-1' },
    config,
    originCode: Code.fromInline('exports.handler = async () => ({})'),
    reconcileCode: Code.fromInline('exports.handler = async () => ({})'),
  })
  return { stack, template: Template.fromStack(stack) }
}

/**
 * The logical id of the CloudFormation resource at a construct path.
 *
 * @example
 * ```ts
 * logicalIdAt(stack, 'Buckets/Images') // 'BucketsImages16C2C5AC'
 * ```
 */
export function logicalIdAt(stack: Stack, path: string): string {
  const resource = stack.node.findAll().find((c) => c.node.path === `${stack.node.path}/${path}/Resource`)
  if (!CfnElement.isCfnElement(resource)) throw new Error(`no resource at ${path}`)
  return stack.getLogicalId(resource)
}

export type Statement = {
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource?: unknown
  Principal?: unknown
  Condition?: Record<string, Record<string, unknown>>
}

/**
 * Every policy statement of the template: identity policies and resource policies alike.
 *
 * @example
 * ```ts
 * policyStatements(template).filter(({ statement }) => statement.Effect === 'Allow')
 * ```
 */
export function policyStatements(template: Template): { resource: string; statement: Statement }[] {
  const documents: [string, { Statement: Statement[] }][] = []
  for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)) {
    const { PolicyDocument, Policies } = resource.Properties ?? {}
    if (PolicyDocument) documents.push([id, PolicyDocument as { Statement: Statement[] }])
    for (const policy of (Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []) documents.push([id, policy.PolicyDocument])
  }
  return documents.flatMap(([resource, document]) => document.Statement.map((statement) => ({ resource, statement })))
}

/**
 * The statements of one IAM principal's policies (`Users` or `Roles` reference it).
 *
 * @example
 * ```ts
 * statementsOf(template, onlyId(template, 'AWS::IAM::User'))
 * ```
 */
export function statementsOf(template: Template, principalLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy')
  return Object.values(policies)
    .filter((p) => JSON.stringify([p.Properties.Users, p.Properties.Roles]).includes(`"${principalLogicalId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
}

/**
 * An ARN written as `<logical id><suffix>`, to compare readably.
 *
 * @example
 * ```ts
 * arnText({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['BucketsImages1234', 'Arn'] }, '/uploads/*']] }) // 'BucketsImages1234/uploads/*'
 * ```
 */
export function arnText(resource: unknown): string {
  const value = resource as { 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] }
  if (value['Fn::GetAtt']) return value['Fn::GetAtt'][0]
  if (value['Fn::Join']) return value['Fn::Join'][1].map(arnText).join('')
  return String(resource)
}

/**
 * CloudFormation writes one action or resource as a value, several as an array.
 *
 * @example
 * ```ts
 * asArray(statement.Action) // ['s3:GetObject']
 * ```
 */
export function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/**
 * The one logical id of a resource type, failing when there is not exactly one.
 *
 * @example
 * ```ts
 * onlyId(template, 'AWS::Lambda::Function')
 * ```
 */
export function onlyId(template: Template, type: string, props?: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, props))
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`)
  return ids[0] as string
}
