import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';

/**
 * Checks a CloudFormation template against the CloudFormation resource specification as
 * @aws-cdk/aws-service-spec ships it (the database the AWS CDK generates its L1 classes from): every
 * resource type exists, every property exists on its type (nested property types too), required
 * properties are present, values have the specification's types, and every Ref, Fn::GetAtt, Fn::Sub
 * and Fn::If names a parameter, resource, attribute or condition of the template.
 */
type SpecDatabase = Awaited<ReturnType<typeof loadAwsServiceSpec>>;

interface SpecProperty {
  required?: boolean;
  type: SpecType;
}

type SpecType =
  | { type: 'string' | 'number' | 'integer' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };

type Json = unknown;

const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

let database: Promise<SpecDatabase> | undefined;
const spec = () => (database ??= loadAwsServiceSpec());

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const intrinsicName = (value: Json) => (isObject(value) && Object.keys(value).length === 1 ? Object.keys(value).find((k) => k === 'Ref' || k.startsWith('Fn::')) : undefined);

export async function cloudFormationProblems(template: Record<string, Json>): Promise<string[]> {
  const db = await spec();
  const problems: string[] = [];
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const conditions = isObject(template.Conditions) ? template.Conditions : {};
  const resources = isObject(template.Resources) ? template.Resources : {};
  const resourceSpec = (type: string) => db.lookup('resource', 'cloudFormationType', 'equals', type)[0];

  const checkReferences = (value: Json, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) checkReferences(v, `${path}[${i}]`);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !(inner in parameters) && !(inner in resources) && !PSEUDO_PARAMETERS.has(inner))
        problems.push(`${path}: Ref ${inner} names nothing`);
      if (key === 'Fn::GetAtt') {
        const [name, attribute] = Array.isArray(inner) ? inner : String(inner).split('.');
        const target = resources[String(name)];
        const type = isObject(target) ? resourceSpec(String(target.Type)) : undefined;
        if (!type) problems.push(`${path}: Fn::GetAtt names no resource ${String(name)}`);
        else if (!(String(attribute) in type.attributes)) problems.push(`${path}: ${String(target && (target as { Type?: unknown }).Type)} has no attribute ${String(attribute)}`);
      }
      if (key === 'Fn::Sub' && typeof inner === 'string') {
        for (const [, name] of inner.matchAll(/\$\{([^}!]+)\}/g)) {
          const base = String(name).split('.')[0] as string;
          if (!(base in parameters) && !(base in resources) && !PSEUDO_PARAMETERS.has(String(name))) problems.push(`${path}: Fn::Sub names nothing called ${name}`);
        }
      }
      if (key === 'Fn::If' && Array.isArray(inner) && !(String(inner[0]) in conditions)) problems.push(`${path}: Fn::If names no condition ${String(inner[0])}`);
      checkReferences(inner, `${path}.${key}`);
    }
  };

  const checkValue = (value: Json, type: SpecType, path: string): void => {
    const intrinsic = intrinsicName(value);
    if (intrinsic === 'Fn::If' && Array.isArray((value as Record<string, Json>)[intrinsic])) {
      // Either branch must be a value of the type (or AWS::NoValue).
      for (const branch of ((value as Record<string, Json[]>)[intrinsic] ?? []).slice(1)) if (!(isObject(branch) && branch.Ref === 'AWS::NoValue')) checkValue(branch, type, path);
      return;
    }
    if (intrinsic) return;
    switch (type.type) {
      case 'string':
      case 'date-time':
        if (typeof value !== 'string') problems.push(`${path}: must be a string`);
        return;
      case 'number':
      case 'integer':
        if (typeof value !== 'number' || (type.type === 'integer' && !Number.isInteger(value))) problems.push(`${path}: must be ${type.type === 'integer' ? 'an integer' : 'a number'}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') problems.push(`${path}: must be a boolean`);
        return;
      case 'json':
        if (!isObject(value)) problems.push(`${path}: must be a JSON object`);
        return;
      case 'null':
      case 'tag':
        return;
      case 'array':
        if (!Array.isArray(value)) problems.push(`${path}: must be a list`);
        else for (const [i, element] of value.entries()) checkValue(element, type.element, `${path}[${i}]`);
        return;
      case 'map':
        if (!isObject(value)) problems.push(`${path}: must be a map`);
        else for (const [key, element] of Object.entries(value)) checkValue(element, type.element, `${path}.${key}`);
        return;
      case 'union': {
        const before = problems.length;
        const failures = type.types.map((alternative) => {
          checkValue(value, alternative, path);
          return problems.splice(before).length;
        });
        if (!failures.includes(0)) problems.push(`${path}: matches none of its types`);
        return;
      }
      case 'ref': {
        const definition = db.get('typeDefinition', type.reference.$ref) as unknown as { name: string; properties: Record<string, SpecProperty> };
        checkProperties(value, definition.properties, `${path} (${definition.name})`);
      }
    }
  };

  const checkProperties = (value: Json, properties: Record<string, SpecProperty>, path: string): void => {
    if (!isObject(value)) return void problems.push(`${path}: must be an object`);
    for (const [name, property] of Object.entries(properties)) if (property.required && !(name in value)) problems.push(`${path}: required property ${name} is missing`);
    for (const [name, inner] of Object.entries(value)) {
      const property = properties[name];
      if (!property) problems.push(`${path}: no property ${name}`);
      else checkValue(inner, property.type, `${path}.${name}`);
    }
  };

  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      problems.push(`Resources.${id}: no Type`);
      continue;
    }
    const type = resourceSpec(resource.Type);
    if (!type) {
      problems.push(`Resources.${id}: no resource type ${resource.Type}`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, type.properties as unknown as Record<string, SpecProperty>, `Resources.${id} (${resource.Type})`);
  }
  checkReferences(template.Resources, 'Resources');
  checkReferences(template.Outputs, 'Outputs');
  checkReferences(template.Conditions, 'Conditions');
  return problems;
}
