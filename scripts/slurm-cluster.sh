#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for Folio's Slurm tests and benchmark.
#
#   scripts/slurm-cluster.sh install   apt-get install slurm-wlm munge (idempotent)
#   scripts/slurm-cluster.sh start     write /etc/slurm/slurm.conf, start munged, slurmctld, slurmd; wait until idle
#   scripts/slurm-cluster.sh stop      scontrol shutdown, stop munged
#   scripts/slurm-cluster.sh status    sinfo
#
# Needs root (it writes /etc/slurm/slurm.conf and runs the daemons as root, SlurmUser=root).
# State, spool, pid and log files live in $FOLIO_SLURM_RUNDIR (default /tmp/folio-slurm), wiped on
# start so every run gets a fresh cluster with job ids from 1. No cgroups, no accounting (no sacct):
# Folio does not need them. The recipe is the one checked in shared/notes/stack.md.
set -euo pipefail
RUNDIR="${FOLIO_SLURM_RUNDIR:-/tmp/folio-slurm}"
CONF=/etc/slurm/slurm.conf

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "slurm: slurm-wlm and munge present"; return; fi
  echo "slurm: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # The postinst scripts try to start the services and print "policy-rc.d denied execution": harmless.
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

write_config() {
  local host cpus topology
  host=$(hostname -s)
  getent hosts "$host" >/dev/null || { echo "slurm: hostname '$host' does not resolve (add it to /etc/hosts)"; exit 1; }
  # The node's real topology, so slurmctld does not log "reconfigured socket/core boundaries".
  topology=$(slurmd -C | head -1 | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore)=' | tr '\n' ' ')
  [ -n "$topology" ] || topology="CPUs=$(nproc)"
  $sudo mkdir -p /etc/slurm
  $sudo tee "$CONF" >/dev/null <<EOF
# Written by folio scripts/slurm-cluster.sh: a single-node cluster on localhost for tests.
ClusterName=folio-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$RUNDIR/state
SlurmdSpoolDir=$RUNDIR/spool
SlurmctldPidFile=$RUNDIR/slurmctld.pid
SlurmdPidFile=$RUNDIR/slurmd.pid
SlurmctldLogFile=$RUNDIR/log/slurmctld.log
SlurmdLogFile=$RUNDIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$RUNDIR/log/jobcomp.txt
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
NodeName=$host ${topology}RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  install_packages
  stop_quietly
  rm -rf "$RUNDIR"
  mkdir -p "$RUNDIR/state" "$RUNDIR/spool" "$RUNDIR/log"
  write_config
  # Without systemd nobody creates /run/munge, and munged refuses to start without it.
  $sudo mkdir -p /run/munge && $sudo chown munge:munge /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    $sudo mungekey -c && $sudo chown munge:munge /etc/munge/munge.key && $sudo chmod 0400 /etc/munge/munge.key
  fi
  $sudo su -s /bin/sh munge -c /usr/sbin/munged || { echo "slurm: munged failed to start"; exit 1; }
  local ok=""
  for _ in $(seq 50); do munge -n | unmunge >/dev/null 2>&1 && { ok=1; break; }; sleep 0.1; done
  [ -n "$ok" ] || { echo "slurm: munge does not answer (munge -n | unmunge)"; exit 1; }
  $sudo slurmctld || { echo "slurm: slurmctld failed to start; log:"; tail -20 "$RUNDIR/log/slurmctld.log" || true; exit 1; }
  $sudo slurmd || { echo "slurm: slurmd failed to start; log:"; tail -20 "$RUNDIR/log/slurmd.log" || true; exit 1; }
  local st=""
  for _ in $(seq 120); do st=$(sinfo -h -N -o %T 2>/dev/null || true); [ "$st" = idle ] && break; sleep 0.5; done
  if [ "$st" != idle ]; then
    echo "slurm: node not idle after 60 s (state '$st'); logs:"
    tail -20 "$RUNDIR/log/slurmctld.log" "$RUNDIR/log/slurmd.log" || true
    exit 1
  fi
  echo "slurm: single-node cluster up ($(hostname -s), partition debug, $(sinfo -h -o %c) CPUs)"
}

# Stops what a previous start left running; silent when nothing runs.
stop_quietly() {
  local pids="" mpid=""
  for f in "$RUNDIR/slurmctld.pid" "$RUNDIR/slurmd.pid"; do [ -s "$f" ] && pids="$pids $(cat "$f")"; done
  [ -s /run/munge/munged.pid ] && mpid=$(cat /run/munge/munged.pid)
  if [ -n "$pids" ]; then
    scontrol shutdown >/dev/null 2>&1 || true
    for p in $pids; do
      for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$p" 2>/dev/null && $sudo kill "$p" 2>/dev/null || true
    done
  fi
  if [ -n "$mpid" ] && kill -0 "$mpid" 2>/dev/null; then
    $sudo kill "$mpid"
    for _ in $(seq 50); do kill -0 "$mpid" 2>/dev/null || break; sleep 0.1; done
  fi
  return 0
}

case "${1:-}" in
  install) install_packages ;;
  start) start ;;
  stop) stop_quietly; echo "slurm: stopped" ;;
  status) sinfo ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
