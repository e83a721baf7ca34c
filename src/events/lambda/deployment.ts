import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiVersion } from '../../launch/slurm/api-version.js';
import type { ScriptSource } from '../../model/resolve.js';
import type { SlurmRelease } from '../../parser/slurm-release.js';
import { isJsonObject, type JsonObject } from '../json.js';

/** The file beside the handler that says what it does: `events deploy` writes it, the handler reads it. */
export const DEPLOYMENT_FILE = 'rules.json';
export const DEPLOYMENT_VERSION = 1;

/** A `submit` action as the function runs it: the script's path (a key of `scripts`) and its sbatch options. */
export interface DeployedSubmit {
  submit: string;
  args: string[];
}

export interface DeployedRule {
  name: string;
  /** The rule's EventBridge pattern, unchanged: the same one the template's AWS::Events::Rule carries. */
  pattern: JsonObject;
  actions: DeployedSubmit[];
}

/** The cluster's slurmrestd: where it is and who submits. No token: the function reads it at run time. */
export interface DeployedCluster {
  name: string;
  url: string;
  user: string;
  apiVersion: ApiVersion | 'auto';
}

/** Everything the function needs to act as the local dispatcher would, and nothing secret. */
export interface Deployment {
  version: typeof DEPLOYMENT_VERSION;
  cluster: DeployedCluster;
  /** Whose sbatch the scripts are read as (cluster.slurm_version), and the cluster's MaxArraySize. */
  slurmRelease: SlurmRelease;
  maxArraySize: number;
  /** The configuration file's directory: rules submit from there, as they do locally (docs/events.md). */
  submitDir: string;
  rules: DeployedRule[];
  /** Each submitted script's text, by the path its actions name. */
  scripts: Record<string, ScriptSource>;
}

/** The deployment in `dir`; throws naming the file when it is missing or not one this handler reads. */
export function readDeployment(dir: string): Deployment {
  const path = join(dir, DEPLOYMENT_FILE);
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isJsonObject(parsed) || parsed.version !== DEPLOYMENT_VERSION || !Array.isArray(parsed.rules) || !isJsonObject(parsed.cluster) || !isJsonObject(parsed.scripts)) {
    throw new Error(`${path} is not a spawn-slurm deployment of version ${DEPLOYMENT_VERSION}: run spawn-slurm events deploy again`);
  }
  return parsed as unknown as Deployment;
}
