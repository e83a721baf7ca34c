import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { resolveTarget } from '../../launch/slurm/cluster-target.js';
import type { MappingConfig, RuleAction } from '../../mapping/config/types.js';
import { locate } from '../../mapping/config/yaml-locate.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../../parser/values/context.js';
import { DEFAULT_SLURM_RELEASE } from '../../parser/slurm-release.js';
import type { Diagnostic } from '../../parser/diagnostic.js';
import { decodeScript } from '../../model/decode-script.js';
import { DEPLOYMENT_VERSION, type DeployedCluster, type DeployedRule, type Deployment } from './deployment.js';

export interface DeploymentSource {
  config: MappingConfig;
  /** The configuration file and its text: refusals point into it. */
  path: string;
  text: string;
  /** --cluster: the `clusters:` entry to submit to (may be left out when there is one). */
  cluster?: string;
}

export type DeploymentResult = { ok: true; deployment: Deployment } | { ok: false; diagnostics: Diagnostic[] };

/** A refusal at a place in the configuration file (`rules`, 0, `actions`, 1, `run`). */
type Refuse = (place: readonly (string | number)[], code: string, message: string, hint: string) => void;

const IN_LAMBDA_ONLY_SUBMIT = 'in AWS only submit actions run: keep this rule in a local configuration (events serve, events watch), or put its work in a job the rule submits';

/** Why an action cannot run in the function: where in the action, a code, the message and a hint; null when it can. */
function refusalOf(rule: string, action: RuleAction): [key: string, code: string, message: string, hint: string] | null {
  if ('run' in action) return ['run', 'deploy-run-action', `rule ${rule}: a run action cannot run in AWS Lambda (there is no shell of yours there)`, IN_LAMBDA_ONLY_SUBMIT];
  if ('sink' in action)
    return [
      'sink',
      'deploy-sink-action',
      `rule ${rule}: a sink action cannot run in AWS Lambda (sinks spool on this machine)`,
      'route the event with an EventBridge rule and target of its own, or keep this rule local',
    ];
  if (action.backend === 'local' || action.backend === 'ec2')
    return [
      'backend',
      'deploy-backend',
      `rule ${rule}: submits to the ${action.backend} backend, and the function submits only to a Slurm cluster`,
      'set backend: slurm (or auto, or leave it out)',
    ];
  if (action.args.some((arg) => /^--comm(e(n(t)?)?)?(=|$)/.test(arg)))
    return [
      'args',
      'deploy-comment-arg',
      `rule ${rule}: --comment is how the function finds the jobs its rules submitted`,
      'drop --comment from args (SPAWN_RULE_KEY is in the job environment too)',
    ];
  return null;
}

function deployedRules(config: MappingConfig, refuse: Refuse): DeployedRule[] {
  return config.rules.map((rule, r) => {
    const actions: DeployedRule['actions'] = [];
    for (const [a, action] of rule.actions.entries()) {
      const refusal = refusalOf(rule.name, action);
      if (refusal) refuse(['rules', r, 'actions', a, refusal[0]], refusal[1], refusal[2], refusal[3]);
      else if ('submit' in action) actions.push({ submit: action.submit, args: action.args });
    }
    return { name: rule.name, pattern: rule.pattern, actions };
  });
}

/**
 * What `events deploy` packages: the rules (submit actions only), the cluster they submit to and the
 * scripts' texts; or why it cannot be deployed, each refusal at its place in the file with a hint.
 */
export function buildDeployment(source: DeploymentSource, env: NodeJS.ProcessEnv = process.env): DeploymentResult {
  const doc = parseDocument(source.text);
  const diagnostics: Diagnostic[] = [];
  const refuse: Refuse = (place, code, message, hint) =>
    diagnostics.push({ code, severity: 'error', message, hint, origin: { kind: 'file', file: source.path }, range: locate(doc, place, 'key') });
  const { config } = source;
  if (config.rules.length === 0) refuse(['rules'], 'deploy-no-rules', 'the configuration has no rules to deploy', 'add rules: (docs/mapping.md, "rules")');
  const rules = deployedRules(config, refuse);
  const clusterName = source.cluster ?? (config.clusters.length === 1 ? config.clusters[0]?.name : undefined);
  const settingsIndex = config.clusters.findIndex((c) => c.name === clusterName);
  const settings = config.clusters[settingsIndex];
  if (!settings) {
    const known = config.clusters.map((c) => c.name).join(', ');
    refuse(
      ['clusters'],
      'deploy-no-cluster',
      clusterName ? `no cluster named "${clusterName}" in clusters:` : known ? `the rules could submit to any of ${known}` : 'the rules submit to a Slurm cluster, and clusters: names none',
      known && !clusterName ? 'choose one with --cluster NAME' : 'add the cluster (name, url of its slurmrestd) under clusters:',
    );
  } else if (!/^https?:\/\//.test(settings.url)) {
    refuse(
      ['clusters', settingsIndex, 'url'],
      'deploy-cluster-url',
      `cluster ${settings.name}: a Lambda function reaches slurmrestd over http(s) only, not ${settings.url}`,
      'give the URL of a slurmrestd with rest_auth/jwt (http://host:port or https://host:port)',
    );
  }
  const scripts: Deployment['scripts'] = {};
  for (const [r, rule] of rules.entries()) {
    for (const action of rule.actions) {
      if (action.submit in scripts) continue;
      try {
        const { text, base64 } = decodeScript(readFileSync(action.submit), action.submit);
        scripts[action.submit] = base64 === undefined ? { text } : { text, base64 };
      } catch (error) {
        const a = config.rules[r]?.actions.findIndex((x) => 'submit' in x && x.submit === action.submit) ?? 0;
        refuse(
          ['rules', r, 'actions', a, 'submit'],
          'deploy-script-unreadable',
          `rule ${rule.name}: cannot read ${action.submit}: ${(error as Error).message}`,
          'check the path (relative to the configuration file)',
        );
      }
    }
  }
  if (diagnostics.length > 0 || !settings) return { ok: false, diagnostics };
  const target = resolveTarget({ cluster: settings.name }, config.clusters, env);
  return {
    ok: true,
    deployment: {
      version: DEPLOYMENT_VERSION,
      cluster: { name: target.name, url: target.url, user: target.user, apiVersion: target.apiVersion as DeployedCluster['apiVersion'] },
      slurmRelease: config.cluster.slurm_version ?? DEFAULT_SLURM_RELEASE,
      maxArraySize: config.cluster.max_array_size ?? DEFAULT_MAX_ARRAY_SIZE,
      submitDir: dirname(resolve(source.path)),
      rules,
      scripts,
    },
  };
}
