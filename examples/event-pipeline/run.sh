#!/bin/sh
# The event pipeline, end to end (README.md beside this file):
#   a data file arrives in a watched directory -> an Object Created event -> rule simulate-new-data submits
#   simulate.sbatch (an array of 4 tasks) -> its Job Ended event (COMPLETED) -> rule analyse-simulation
#   submits analyse.sbatch -> gnuplot writes output/<data file>.png.
#
# Usage: run.sh [--backend local|slurm] [--run-dir DIR] [--data FILE] [--slurmrestd URL] [--timeout SECONDS]
#
#   --backend     local (default): this machine. slurm: a real Slurm through its slurmrestd, at --slurmrestd
#                 or $SLURMRESTD_URL (unix:/path/to/socket, or http(s)://host:port with $SLURM_JWT set),
#                 or, on a login node without either, through the cluster's own sbatch.
#   --run-dir     where the run happens (default: run/ beside this script). Made anew each time: emptied
#                 if an earlier run.sh made it, refused if it holds anything else.
#   --data        the data file that "arrives" (default: data/measurements.dat beside this script).
#   --timeout     how long to wait for the plot and the analysis job, in seconds (default: 120).
#
# Environment: SPAWN_SLURM (the spawn-slurm command; default: bin/spawn-slurm.cjs of this repository),
# SPAWN_SLURM_STATE_DIR (default: a private one, state/ in the run directory), SPAWN_PIPELINE_POLL
# (seconds between looks, default 0.5).
set -eu

say() { printf 'run.sh: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}
usage() { # usage STATUS: the help, on stdout for --help, on stderr after a mistake
  if [ "$1" -eq 0 ]; then sed -n '7,15s/^# \{0,1\}//p' "$0"; else sed -n '7,15s/^# \{0,1\}//p' "$0" >&2; fi
  exit "$1"
}

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
repo=$(CDPATH='' cd -- "$here/../.." && pwd)

backend=local
run_dir=$here/run
data=$here/data/measurements.dat
url=${SLURMRESTD_URL:-}
timeout=120
poll=${SPAWN_PIPELINE_POLL:-0.5}

while [ $# -gt 0 ]; do
  case $1 in
  --backend | --run-dir | --data | --slurmrestd | --timeout)
    [ $# -ge 2 ] || die "$1 needs a value"
    case $1 in
    --backend) backend=$2 ;;
    --run-dir) run_dir=$2 ;;
    --data) data=$2 ;;
    --slurmrestd) url=$2 ;;
    --timeout) timeout=$2 ;;
    esac
    shift 2
    ;;
  --backend=*) backend=${1#*=} && shift ;;
  --run-dir=*) run_dir=${1#*=} && shift ;;
  --data=*) data=${1#*=} && shift ;;
  --slurmrestd=*) url=${1#*=} && shift ;;
  --timeout=*) timeout=${1#*=} && shift ;;
  -h | --help) usage 0 ;;
  *) say "unknown argument: $1" && usage 2 ;;
  esac
done

case $backend in
local | slurm) ;;
*) die "--backend must be local or slurm, not '$backend'" ;;
esac
case $timeout in
'' | *[!0-9]*) die "--timeout must be a whole number of seconds, not '$timeout'" ;;
esac
if [ "$backend" = slurm ] && [ -z "$url" ] && ! command -v sbatch >/dev/null 2>&1; then
  die "--backend slurm needs the cluster's slurmrestd (--slurmrestd URL or SLURMRESTD_URL: unix:/path/to/slurmrestd.socket or http(s)://host:port), or a login node with sbatch on PATH"
fi
[ -r "$data" ] || die "no data file $data"
command -v gnuplot >/dev/null 2>&1 || say "warning: gnuplot is not on this machine's PATH; the analysis job needs it where it runs (Debian: apt-get install gnuplot-nox)"

if [ -z "${SPAWN_SLURM:-}" ]; then
  SPAWN_SLURM=$repo/bin/spawn-slurm.cjs
  [ -f "$repo/dist/cli.cjs" ] || die "spawn-slurm is not built: run 'node scripts/build.mjs' (or npm ci) in $repo, or set SPAWN_SLURM"
fi
spawn_slurm() { "$SPAWN_SLURM" "$@"; }

# Absolute paths from here on: every command below runs with the run directory as its working directory.
case $run_dir in /*) ;; *) run_dir=$PWD/$run_dir ;; esac
case $data in /*) ;; *) data=$PWD/$data ;; esac
marker=.event-pipeline-run

# A clean run directory. One an earlier run made keeps a private state directory whose local supervisor
# may still be up (it idles a few seconds before it stops): stop it first, so it never sees the new run.
if [ -e "$run_dir" ]; then
  if [ -f "$run_dir/$marker" ]; then
    lock=$run_dir/state/supervisor.lock
    pid=$(sed -n 's/.*"pid":\([0-9][0-9]*\).*/\1/p' "$lock" 2>/dev/null || true)
    if [ -n "$pid" ] && grep -q supervisor "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -rf "$run_dir"
  elif [ -n "$(ls -A "$run_dir" 2>/dev/null)" ]; then
    die "$run_dir exists and was not made by run.sh; give another --run-dir or remove it"
  fi
fi
mkdir -p "$run_dir/incoming" "$run_dir/logs" "$run_dir/results" "$run_dir/output"
: >"$run_dir/$marker"
cd "$run_dir"

if [ -z "${SPAWN_SLURM_STATE_DIR:-}" ]; then
  SPAWN_SLURM_STATE_DIR=$run_dir/state
fi
export SPAWN_SLURM_STATE_DIR
unset SPAWN_SLURM_CONFIG SPAWN_SLURM_BACKEND || true

# The rules and the scripts, copied into the run directory: the jobs start there (the configuration
# file's directory), so their results, logs and the plot stay in it.
cp "$here/simulate.sbatch" "$here/analyse.sbatch" .
if [ "$backend" = local ]; then
  cp "$here/mapping.yaml" mapping.yaml
else
  # The same rules with backend: slurm and, given a slurmrestd, the cluster as the one clusters: entry
  # (without one, on a login node, the cluster's own sbatch, squeue and sacct). SLURMRESTD_URL is unset
  # then, so every command, the dispatcher's too, uses that entry and records the jobs under its name.
  sed 's/^\( *\)backend: local$/\1backend: slurm/' "$here/mapping.yaml" >mapping.yaml
  if [ -n "$url" ]; then
    quoted=$(printf '%s' "$url" | sed "s/'/''/g")
    printf '\n# Added by run.sh --backend slurm: the cluster the rules submit to.\nclusters:\n  - name: pipeline\n    url: '"'"'%s'"'"'\n' "$quoted" >>mapping.yaml
  fi
  unset SLURMRESTD_URL || true
fi
export SPAWN_SLURM_CONFIG="$run_dir/mapping.yaml"

name=$(basename "$data")
stem=$(printf '%s' "${name%.*}" | tr -c 'A-Za-z0-9._-' '_')
case $name in *.dat) ;; *) name=$name.dat ;; esac
png=$run_dir/output/$stem.png
jobs_file=$run_dir/output/$stem.jobs

say "backend $backend, run directory $run_dir, state directory $SPAWN_SLURM_STATE_DIR"
# The data file arrives whole: copied beside the watched directory, then renamed into it.
cp "$data" ".$name.part"
mv ".$name.part" "incoming/$name"
say "a data file arrived: $run_dir/incoming/$name"

# One look at the directory: the file becomes an Object Created event, and the rule submits the simulation.
spawn_slurm events watch "$run_dir/incoming" --config "$run_dir/mapping.yaml" --once 2>logs/watch.log || {
  cat logs/watch.log >&2
  die "events watch failed (logs/watch.log)"
}
sed 's/^/  /' logs/watch.log >&2

simulate=$(sed -n 's/.*: submitted .* as job \([0-9][0-9]*\)$/\1/p' logs/watch.log | tail -n 1)
[ -n "$simulate" ] || die "the rule simulate-new-data submitted no simulation job (logs/watch.log; $SPAWN_SLURM_STATE_DIR/events/dispatch.log)"

now() { date +%s; }
deadline=$(($(now) + timeout))
timed_out() {
  say "timed out after ${timeout} s waiting for $1"
  report
  exit 1
}
report() {
  say "what happened so far ($SPAWN_SLURM_STATE_DIR/events/dispatch.log, logs/):"
  tail -n 20 "$SPAWN_SLURM_STATE_DIR/events/dispatch.log" 2>/dev/null | sed 's/^/  /' >&2 || true
  for log in logs/*.out; do [ -f "$log" ] && tail -n 5 "$log" | sed "s|^|  $log: |" >&2; done
  spawn_slurm history 2>/dev/null | sed 's/^/  /' >&2 || true
}
# The states of a job's rows (its tasks), as `history` (sacct) shows them. Each `history` also asks a
# Slurm cluster about its jobs, turning what changed into events and starting the dispatcher that acts
# on them: on a cluster nothing else here sees a job end.
states() { spawn_slurm history -j "$1" --noheader 2>/dev/null | awk '{ print $4 }' | sort -u | tr '\n' ' '; }
pause() { sleep "$poll" 2>/dev/null || sleep 1; }
ended_badly() {
  for s in $1; do
    case $s in PENDING | RUNNING | COMPLETING | COMPLETED | REQUEUED) ;; *) return 0 ;; esac
  done
  return 1
}

# The simulation runs; its Job Ended event (COMPLETED) makes the rule submit the analysis, which writes
# the plot last.
while [ ! -f "$png" ]; do
  [ ! -f "output/failed-$simulate" ] || {
    say "$(cat "output/failed-$simulate")"
    report
    exit 1
  }
  sim_states=$(states "$simulate")
  if ended_badly "$sim_states"; then
    say "the simulation job $simulate did not complete: $sim_states(logs/simulate-${simulate}_*.out)"
    report
    exit 1
  fi
  [ "$(now)" -lt "$deadline" ] || timed_out "$png (simulation job $simulate: ${sim_states:-not seen})"
  pause
done
analyse=$(sed -n 's/^analyse //p' "$jobs_file")

# The plot is there; wait for the analysis job to end as well.
while :; do
  state=$(states "$analyse")
  case $state in 'COMPLETED ') break ;; esac
  if ended_badly "$state"; then
    say "the analysis job $analyse ended $state(logs/analyse-$analyse.out)"
    exit 1
  fi
  [ "$(now)" -lt "$deadline" ] || timed_out "the analysis job $analyse to end"
  pause
done

printf 'simulation job %s (4 tasks), analysis job %s: COMPLETED\n' "$simulate" "$analyse"
printf 'plot: %s\n' "$png"
