#!/usr/bin/env bash
# A bounded fuzzing run: SharpFuzz-instrumented builds of the service's request validator and
# template validator under AFL++, both targets at once (one core each), FUZZ_SECONDS each
# (default 45). Prints what each target did and every crash (base64, with how to replay it), and
# exits 1 if there was one. Installs afl++ (apt) and the sharpfuzz tool (NuGet) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-45}"
work="$(mktemp -d)"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
echo "fuzz: building and instrumenting ($(date +%T))"
dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
dotnet publish fuzz/Usheru.Notification.Fuzz -c Release -o "$work/bin" --nologo -v q >/dev/null
# Coverage is what guides AFL: the service itself, and the Liquid parser and renderer it drives.
for assembly in Usheru.Notification.Api Fluid Parlot; do
  "$work/tools/sharpfuzz" "$work/bin/$assembly.dll" >/dev/null
done

echo "fuzz: running both targets for ${seconds} s ($(date +%T))"
mkdir -p "$work/findings"
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_SKIP_CRASHES=0
for target in request template; do
  # -t 5000+: an input over 5 s is a hang, not a crash (every render stops at Templates:MaxRenderTime).
  afl-fuzz -V "$seconds" -t 5000+ -m none -x "fuzz/$target.dict" -i "fuzz/corpus/$target" -o "$work/findings/$target" \
    -- dotnet "$work/bin/Usheru.Notification.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 &
done
status=0
wait -n || status=$?
wait -n || status=$?

crashes=0
for target in request template; do
  stats="$work/findings/$target/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz $target: afl-fuzz did not run"; tail -n 30 "$work/$target.log"; exit 1
  fi
  value() { grep "^$1 " "$stats" | awk '{print $3}'; }
  echo "fuzz $target: $(value execs_done) executions, $(value corpus_count) paths, $(value saved_crashes) crashes, $(value saved_hangs) hangs in $(value run_time) s"
  for crash in "$work/findings/$target"/default/crashes/id:*; do
    [ -f "$crash" ] || continue
    crashes=$((crashes + 1))
    echo "CRASH ($target): save as fuzz/regressions/$target/NAME, replay with: dotnet Usheru.Notification.Fuzz.dll $target FILE"
    base64 -w0 "$crash"; echo
  done
done
if [ "$status" -ne 0 ]; then echo "afl-fuzz exited with $status"; exit 1; fi
[ "$crashes" -eq 0 ]
