import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { JsonObject } from '../json.js';
import { DEPLOYMENT_FILE, type Deployment } from './deployment.js';

export interface DeploymentFiles {
  deployment: Deployment;
  template: JsonObject;
  /** dist/lambda/handler.cjs of this installation. */
  handlerBundle: string;
}

/**
 * The template as YAML that reads the same under YAML 1.1 (CloudFormation's) and 1.2: strings such as
 * `on`, `no` or `0755` are quoted, so a pattern's values stay strings.
 */
const templateYaml = (template: JsonObject): string => stringify(template, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });

/**
 * Writes `out`/function/ (handler.cjs, rules.json) and `out`/template.yaml all at once: into a new
 * directory beside `out`, renamed into place when complete. A failure leaves `out` as it was; an
 * existing `out` that is not an earlier deployment (it holds other files) is left alone and refused.
 */
export function writeDeployment(out: string, files: DeploymentFiles): void {
  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).some((name) => name !== 'function' && name !== 'template.yaml' && name !== 'function.zip'))
    throw new Error(`${out} holds files other than an earlier deployment's: choose an empty or new directory`);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.new-`));
  try {
    mkdirSync(join(staging, 'function'));
    copyFileSync(files.handlerBundle, join(staging, 'function', 'handler.cjs'));
    writeFileSync(join(staging, 'function', DEPLOYMENT_FILE), `${JSON.stringify(files.deployment, null, 2)}\n`);
    writeFileSync(join(staging, 'template.yaml'), templateYaml(files.template));
    if (existsSync(target)) {
      const old = `${staging}.old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
