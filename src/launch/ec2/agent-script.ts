import { shellWords } from '../shell-quote.js';

/**
 * The bundles agent.sh fetches from `<prefix>agent/<name>`: the agent, and the local supervisor and job
 * tools it runs the tasks with. The client uploads each from `bundlePath(name)`.
 */
export const AGENT_BUNDLES = ['agent.cjs', 'supervisor.cjs', 'job-tools.cjs'] as const;

/** The Node.js release agent.sh installs from nodejs.org when the AMI has no Node 20 or newer and its package manager gives none. */
const NODE_RELEASE = '20.20.2';

/** Node 20 or newer in `node_bin`, from the AMI, its package manager, or the official tarball (x64 or arm64), in that order. */
const FIND_NODE = [
  'node_fits() { local v; v=$("$1" --version 2>/dev/null) || return 1; v=${v#v}; [ "${v%%.*}" -ge 20 ] 2>/dev/null; }',
  'find_node() {',
  '  local c',
  '  for c in "$(command -v node)" "$(command -v node-20)" /usr/bin/node-20 "$agent_dir/node/bin/node"; do',
  '    if [ -n "$c" ] && node_fits "$c"; then node_bin=$c; return 0; fi',
  '  done',
  '  return 1',
  '}',
  'node_tarball() {',
  '  local arch',
  '  case $(uname -m) in x86_64) arch=x64;; aarch64 | arm64) arch=arm64;; *) return 1;; esac',
  `  local url=https://nodejs.org/dist/v${NODE_RELEASE}/node-v${NODE_RELEASE}-linux-$arch.tar.xz`,
  '  say "downloading $url"',
  '  mkdir -p "$agent_dir/node" && curl -fsSL --retry 3 -o "$agent_dir/node.tar.xz" "$url" && tar -xJf "$agent_dir/node.tar.xz" -C "$agent_dir/node" --strip-components=1',
  '  local r=$?; rm -f "$agent_dir/node.tar.xz"; return $r',
  '}',
  'find_node ||',
  '  { command -v dnf >/dev/null && say "installing nodejs20 with dnf" && dnf install -y -q nodejs20 && find_node; } ||',
  '  { command -v apt-get >/dev/null && say "installing nodejs with apt-get" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs && find_node; } ||',
  '  { node_tarball && find_node; } ||',
  '  boot_failed "no Node.js 20 or newer: the AMI has none, and neither its package manager nor nodejs.org gave one"',
];

/**
 * agent.sh, which the client uploads to `<prefix>agent.sh` and the boot script (user-data.ts) sources
 * with `$1` = the instance's job directory, so it has the boot script's s3_get, s3_put, imds,
 * boot_failed, `$bucket` and `$prefix`. It finds Node, fetches the bundles and job.json, runs the agent
 * with its output in `$1/agent.log`, uploads that log to `logs/<instance>.log` (and `boot/<instance>.failed`
 * if the agent failed), and shuts the instance down.
 *
 * The agent's environment (agent-settings.ts): SPAWN_AGENT_BUCKET, SPAWN_AGENT_PREFIX,
 * SPAWN_AGENT_INSTANCE_ID, SPAWN_AGENT_REGION (the bucket's: SPAWN_S3_REGION or the instance's) and
 * SPAWN_SLURM_DIST; the boot script's test endpoints become the SDK's (SPAWN_S3_ENDPOINT as
 * SPAWN_SLURM_S3_ENDPOINT, SPAWN_IMDS_ENDPOINT as AWS_EC2_METADATA_SERVICE_ENDPOINT). The SDK reads the
 * instance profile's credentials from IMDSv2 itself: none is ever in a file, an argument or the environment.
 */
export function agentScript(): string {
  const lines = [
    '# spawn-slurm agent.sh: sourced by the boot script, with $1 = the instance directory of the job',
    'agent_dir=$1 node_bin=',
    'say() { printf "%s agent.sh: %s\\n" "$(date -u +%FT%TZ)" "$*" | tee -a "$agent_dir/agent.log"; }',
    ...FIND_NODE,
    'say "using $node_bin $("$node_bin" --version)"',
    'mkdir -p "$agent_dir/dist" || boot_failed "cannot create $agent_dir/dist"',
    `for f in ${shellWords(AGENT_BUNDLES)}; do`,
    '  s3_get "$bucket" "${prefix}agent/$f" "$agent_dir/dist/$f" || boot_failed "cannot fetch s3://$bucket/${prefix}agent/$f"',
    'done',
    's3_get "$bucket" "${prefix}job.json" "$agent_dir/job.json" || boot_failed "cannot fetch s3://$bucket/${prefix}job.json"',
    'instance_id=$(imds meta-data/instance-id) || boot_failed "cannot read the instance id from IMDS"',
    'region=${SPAWN_S3_REGION:-}',
    '[ -n "$region" ] || region=$(imds meta-data/placement/region) || boot_failed "cannot read the region from IMDS"',
    '[ -z "${SPAWN_S3_ENDPOINT:-}" ] || export SPAWN_SLURM_S3_ENDPOINT=$SPAWN_S3_ENDPOINT',
    '[ -z "${SPAWN_IMDS_ENDPOINT:-}" ] || export AWS_EC2_METADATA_SERVICE_ENDPOINT=$SPAWN_IMDS_ENDPOINT',
    'say "starting the agent on $instance_id"',
    // The instance is launched with HttpTokens=required: the SDK must not fall back to IMDSv1.
    'SPAWN_SLURM_DIST="$agent_dir/dist" SPAWN_AGENT_BUCKET="$bucket" SPAWN_AGENT_PREFIX="$prefix" SPAWN_AGENT_INSTANCE_ID="$instance_id" SPAWN_AGENT_REGION="$region" AWS_EC2_METADATA_V1_DISABLED=true \\',
    '  "$node_bin" "$agent_dir/dist/agent.cjs" "$agent_dir" 2>&1 | tee -a "$agent_dir/agent.log"',
    'agent_status=${PIPESTATUS[0]}',
    'say "the agent exited with status $agent_status"',
    's3_put "$bucket" "${prefix}logs/$instance_id.log" "$agent_dir/agent.log" text/plain || echo "spawn-slurm: cannot upload the agent log" >&2',
    `[ "$agent_status" = 0 ] || boot_failed "the agent failed with status $agent_status; the end of its log:"$'\\n'"$(tail -n 20 "$agent_dir/agent.log")"`,
    'shutdown -h now',
    '',
  ];
  return lines.join('\n');
}
