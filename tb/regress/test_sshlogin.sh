#!/usr/bin/env bash
# The nightly over ssh, tried for real: an sshd of this script's own on the loopback address (run as the
# current user, its host key, authorized_keys and config in a temporary folder, a free high port; nothing
# of the system's ssh configuration is read or changed), then `tb/regress/nightly.sh -S` pointing at it
# twice: a clean run, whose shards must all run there (the joblog's host) and whose outputs, logs and
# JUnit files must come back; and a run with an injected bug, whose failure report, log and waveform must
# come back and fail the nightly. Then sshd is stopped and the folder removed. Every check prints one
# line; the last is "sshlogin: N passed, N failed" (make test adds it up).
#
# usage: tb/regress/test_sshlogin.sh [OUT]   (OUT: the nightlies' output, default build/test-sshlogin;
#                                             give it relative to the repository, as -o takes it)
# Needs build/mmucosim (make), and parallel, openssh-server, openssh-client, rsync (make deps).
# When run as root, sshd needs its privilege-separation folder /run/sshd: the script creates it when it
# is missing (as Debian's sshd service does) and removes it afterwards.
#
# Exit status: 0 every check passed; 1 a check failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

out=${1:-build/test-sshlogin}
passed=0
failed=0
check() { # check NAME COMMAND...: one line, counted
  local name=$1
  shift
  if "$@"; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
}
finish() {
  echo "sshlogin: $passed passed, $failed failed"
  ((failed == 0))
  exit $?
}

sshd_bin=$(PATH=$PATH:/usr/sbin:/sbin command -v sshd) || {
  echo "test_sshlogin: no sshd: make deps (openssh-server)"
  failed=1
  finish
}
for tool in ssh ssh-keygen parallel rsync; do
  command -v $tool > /dev/null || {
    echo "test_sshlogin: no $tool: make deps"
    failed=1
    finish
  }
done
[[ -x build/mmucosim ]] || {
  echo "test_sshlogin: no build/mmucosim: run make first"
  failed=1
  finish
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mmucosim-sshlogin.XXXXXX")
made_privsep=false
sshd_pid=""
cleanup() {
  [[ -n $sshd_pid ]] && kill "$sshd_pid" 2> /dev/null && wait "$sshd_pid" 2> /dev/null
  $made_privsep && rmdir /run/sshd 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if [[ $(id -u) == 0 && ! -d /run/sshd ]]; then
  mkdir -m 755 /run/sshd && made_privsep=true
fi

user=$(id -un)
ssh-keygen -q -t ed25519 -N '' -C test_sshlogin -f "$tmp/host_key"
ssh-keygen -q -t ed25519 -N '' -C test_sshlogin -f "$tmp/id"
cp "$tmp/id.pub" "$tmp/authorized_keys"
chmod 600 "$tmp/authorized_keys"

# sshd on PORT, waiting until a login works: 0 it does; 1 sshd did not come up (the port taken, say);
# 2 it came up but refused the key (stopped again).
start_sshd() {
  local port=$1 pam=$2
  cat > "$tmp/sshd_config" << EOF
ListenAddress 127.0.0.1
Port $port
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM $pam
X11Forwarding no
PrintMotd no
LogLevel VERBOSE
EOF
  cat > "$tmp/ssh_config" << EOF
Host mmucosim-loopback
  HostName 127.0.0.1
  Port $port
  User $user
  IdentityFile $tmp/id
  IdentitiesOnly yes
  UserKnownHostsFile $tmp/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ControlMaster no
  LogLevel ERROR
EOF
  echo "[127.0.0.1]:$port $(cat "$tmp/host_key.pub")" > "$tmp/known_hosts"
  : > "$tmp/sshd.log"
  "$sshd_bin" -f "$tmp/sshd_config" -D -E "$tmp/sshd.log" &
  sshd_pid=$!
  local why=1 listening
  for _ in $(seq 50); do
    kill -0 "$sshd_pid" 2> /dev/null || break
    listening=false
    grep -q "Server listening on 127.0.0.1" "$tmp/sshd.log" && listening=true
    if ssh -F "$tmp/ssh_config" mmucosim-loopback true 2> /dev/null; then return 0; fi
    $listening && why=2 && break # listening before the login, which failed: refused
    sleep 0.2
  done
  kill "$sshd_pid" 2> /dev/null
  wait "$sshd_pid" 2> /dev/null
  sshd_pid=""
  return $why
}

# A free high port: a few random ones, sshd telling whether it could bind. Without PAM first; an
# account whose password is locked ("!" in /etc/shadow, as useradd leaves it) needs PAM for a key login.
up=false
for pam in no yes; do
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    start_sshd $port $pam
    case $? in
    0) up=true && break 2 ;;
    2) break ;; # listening, the key refused: the other PAM setting
    esac
  done
done
if ! $up; then
  echo "test_sshlogin: sshd did not come up on 127.0.0.1; its log:"
  sed 's/^/  /' "$tmp/sshd.log"
  failed=1
  finish
fi
echo "sshd: pid $sshd_pid on 127.0.0.1:$port as $user (UsePAM $pam)"
sshlogin="ssh -F $tmp/ssh_config mmucosim-loopback"
logins() { grep -c "Accepted publickey for $user from 127.0.0.1" "$tmp/sshd.log"; }

# The joblog's rows (after its header) with the host and the exit value asked.
joblog_rows() { # FILE HOST EXITVAL
  awk -F'\t' -v h="$2" -v e="$3" 'NR > 1 && $2 == h && $7 == e' "$1" | wc -l
}
came_back() { # OUT SHARDS: every shard's output, JUnit and log folder are here
  local i
  for i in $(seq 1 "$2"); do
    [[ -s $1/shard-$i.out && -s $1/shard-$i.xml && -d $1/shard-$i ]] || return 1
    ls "$1/shard-$i/"*.log > /dev/null 2>&1 || return 1
  done
}

# parallel's working folders on the "remote" side (the same home here): none may stay behind.
workdirs() { find ~/.parallel/tmp -mindepth 1 -maxdepth 1 ! -name sshlogin 2> /dev/null | wc -l; }
dirs_before=$(workdirs)

# 1. A clean nightly: 2 shards of the 6 configurations x 1 seed, short runs.
before=$(logins)
tb/regress/nightly.sh -s 2 -P 1 -S "$sshlogin" -o "$out/clean" -- --seeds 1 --requests 2000 > "$tmp/clean.out" 2>&1
status=$?
sed 's/^/  /' "$tmp/clean.out"
check "the nightly over ssh exits 0 (got $status)" test $status = 0
check "it reports 6 passed, 0 failed" grep -qx "nightly: 6 passed, 0 failed" "$tmp/clean.out"
check "the joblog has both shards on the sshlogin, exit 0" \
  test "$(joblog_rows "$out/clean/joblog" "$sshlogin" 0)" = 2
check "each shard sent build/mmucosim there and received its results (joblog's Send, Receive)" \
  test "$(awk -F'\t' 'NR > 1 && $5 > 0 && $6 > 0' "$out/clean/joblog" | wc -l)" = 2
check "sshd accepted the logins ($(($(logins) - before)), at least one per shard)" test $(($(logins) - before)) -ge 2
check "every shard's output, JUnit and logs came back" came_back "$out/clean" 2
check "the merged JUnit counts 6 tests" grep -q ' tests="6" failures="0"' "$out/clean/junit.xml"

# 2. An injected bug (40, caught at its second request): the failure and its waveform come back.
tb/regress/nightly.sh -s 2 -P 1 -S "$sshlogin" -o "$out/bug" -- --bug 40 --seeds 1 --requests 500 > "$tmp/bug.out" 2>&1
status=$?
sed 's/^/  /' "$tmp/bug.out"
check "the nightly with bug 40 exits 1 (got $status)" test $status = 1
check "its failures are reported with their re-run commands" grep -q "re-run: .*--bug 40" "$tmp/bug.out"
check "the failing runs' logs and waveforms came back" \
  bash -c 'ls "$1"/shard-*/fail-*-bug40.fst "$1"/shard-*/*-bug40.log > /dev/null 2>&1' _ "$out/bug"
check "the joblog has both shards on the sshlogin" \
  test $(($(joblog_rows "$out/bug/joblog" "$sshlogin" 0) + $(joblog_rows "$out/bug/joblog" "$sshlogin" 1))) = 2

check "the working folders there were removed" test "$(workdirs)" = "$dirs_before"

kill "$sshd_pid" && wait "$sshd_pid" 2> /dev/null
sshd_pid=""
check "sshd stopped" bash -c '! ssh -F "$1" -o ConnectTimeout=2 mmucosim-loopback true 2> /dev/null' _ "$tmp/ssh_config"
finish
