#!/usr/bin/env bash
# The learner step in Java (grpo bench learner) against the same step in PyTorch eager (bench/pytorch_reference.py),
# alternated for N rounds in one run so that both see the same machine; prints each round's medians and the ratio of
# the medians over all rounds (Java / PyTorch: above 1 means Java is slower).
#
#   bench/compare-learner.sh [--rounds N] [--torch-threads T] [-- ARGS...]
#
# ARGS go to both sides' step options: grpo bench learner takes them (--model, --groups-per-step, --group-size,
# --prompt-tokens, --max-new-tokens, --kl-coef, --seed, --warmup-rounds, --steps) and writes the batch the Python
# side reads; --warmup-rounds and --steps are passed to the Python side too. The Python side first checks that its
# log-probs of the batch agree with Java's; the script stops when they do not. PYTHON names an interpreter with torch
# (default: /usr/bin/python3, where Debian's python3-torch installs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-/usr/bin/python3}"
rounds=3
threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --torch-threads) threads="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "compare-learner.sh: unknown option '$1' (use --rounds N, --torch-threads T, then -- ARGS)" >&2; exit 64 ;;
  esac
done
step_args=("$@")
python_args=()
for ((i = 0; i < ${#step_args[@]}; i++)); do
  case "${step_args[i]}" in
    --warmup-rounds|--steps) python_args+=("${step_args[i]}" "${step_args[i + 1]}") ;;
  esac
done
"$PYTHON" -c 'import torch' 2>/dev/null || { echo "compare-learner.sh: $PYTHON has no torch (apt-get install python3-torch, or set PYTHON)" >&2; exit 69; }

# Both sides get the environment ./grpo gives Java (distribution/src/conf/environment: glibc's allocator settings,
# OMP_WAIT_POLICY), so that neither runs with spinning OpenMP threads or another allocator than the other.
while IFS='=' read -r name value; do
  [[ -z "$name" || "$name" == \#* || -n "${!name:-}" ]] || export "$name=$value"
done <"$ROOT/distribution/src/conf/environment"

work="$(mktemp -d "${TMPDIR:-/tmp}/compare-learner.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for ((round = 1; round <= rounds; round++)); do
  "$ROOT/grpo" bench learner --torch-threads "$threads" "${step_args[@]}" --json "$work/java-$round.json" \
      --dump-batch "$work/batch-$round.json" >"$work/java-$round.log" 2>&1 \
    || { cat "$work/java-$round.log" >&2; exit 1; }
  "$PYTHON" "$ROOT/bench/pytorch_reference.py" learner --batch "$work/batch-$round.json" --torch-threads "$threads" \
      "${python_args[@]}" --json "$work/python-$round.json" >"$work/python-$round.log" 2>&1 \
    || { cat "$work/python-$round.log" >&2; exit 1; }
  grep -h "log-probs of" "$work/python-$round.log"
  "$PYTHON" - "$work/java-$round.json" "$work/python-$round.json" "$round" <<'EOF'
import json, sys
java, python = (json.load(open(path)) for path in sys.argv[1:3])
print(f"round {sys.argv[3]}: Java median {java['median_s']:.3f} s (first {java['first_step_s']:.3f} s), "
      f"PyTorch median {python['median_s']:.3f} s (first {python['first_step_s']:.3f} s)")
EOF
done
"$PYTHON" - "$work" "$rounds" "$threads" <<'EOF'
import json, statistics, sys
work, rounds, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
medians = {side: statistics.median(json.load(open(f"{work}/{side}-{r}.json"))["median_s"]
                                   for r in range(1, rounds + 1)) for side in ("java", "python")}
print(f"torch threads {threads}, {rounds} rounds: Java {medians['java']:.3f} s, PyTorch {medians['python']:.3f} s, "
      f"Java / PyTorch = {medians['java'] / medians['python']:.2f}x")
EOF
