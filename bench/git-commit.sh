#!/usr/bin/env bash
# The benchmark's baseline: what a pipeline's shell step does without GitOps Bridge. Clone the tip only, set one
# value, commit and push; when the push is rejected because the branch moved, pull with rebase and push again, at most
# MAX_ATTEMPTS pushes in all, with a short random pause so that racing scripts spread out.
#
# Usage: git-commit.sh URL DIR FILE VALUE MESSAGE [MAX_ATTEMPTS]
# Credentials: BENCH_GIT_USER and BENCH_GIT_PASSWORD, handed to git by a credential helper that reads them from the
# environment, so that they appear in no URL, argument or file. Prints "attempts=N" when the commit landed, and
# "push_ms=N" when its first push did: the time of git push alone, the floor of any commit to this server.
set -euo pipefail
url=$1 dir=$2 file=$3 value=$4 message=$5 max=${6:-1}

export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=credential.helper
# shellcheck disable=SC2016 # expanded by the helper's shell, not here
export GIT_CONFIG_VALUE_0='!f() { test "$1" = get && printf "username=%s\npassword=%s\n" "$BENCH_GIT_USER" "$BENCH_GIT_PASSWORD"; }; f'

git clone -q --depth 1 --branch main --single-branch "$url" "$dir"
cd "$dir"
sed -i "s/^  tag: .*/  tag: \"$value\"/" "$file"
git commit -q -am "$message"

attempt=1
push_start=$(date +%s%N)
while ! git push -q origin HEAD:main; do
  if (( attempt >= max )); then
    echo "gave up after $attempt push attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "$(printf '0.%03d' $((RANDOM % 200)))"
  git pull -q --rebase origin main
done
(( attempt > 1 )) || echo "push_ms=$(( ($(date +%s%N) - push_start) / 1000000 ))"
echo "attempts=$attempt"
