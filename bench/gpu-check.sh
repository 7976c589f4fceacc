#!/usr/bin/env bash
# Sampler tokens/s and learner step time of a Qwen2-0.5B-shaped model with random weights, on the CPU and then on the
# GPU, both measured by `grpo bench model` (KV-cache sampling to exactly N new tokens; one learner step: GRPO loss,
# reference forward, backward, AdamW); prints a Markdown table, also written to $OUT/gpu-check.md when OUT is set.
#
#   bench/gpu-check.sh [--cpu-only | --gpu-only] [--shape qwen2-0.5b|demo] [--batch-size B] [--max-new-tokens N]
#                      [--prompt-tokens N] [--runs N] [--cpu-threads T] [--timeout S]
#
# The GPU half needs a CUDA build of PyTorch 2.7.1 (docs/gpu.md): PYTORCH_LIBRARY_PATH when set; else the libtorch of
# a pip-installed torch 2.7.1 with CUDA (python3, or PYTHON); else DJL's download cache ~/.djl.ai/pytorch/2.7.1-cu128-*.
# Without one it says why, runs the CPU half and reports the GPU half as not run. The CPU half always uses the
# bundled CPU build with T PyTorch threads (default: every core); --gpu-only skips it. Each run is cut off after
# --timeout seconds (default 270, so that both halves fit in ten minutes). GRPO names the launcher (default: ./grpo
# of this checkout).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRPO="${GRPO:-$ROOT/grpo}"
PYTHON="${PYTHON:-python3}"
TORCH_VERSION=2.7.1
FLAVOR=cu128
gpu=true
cpu=true
shape=qwen2-0.5b
batch=8
new_tokens=128
prompt_tokens=32
runs=2
cpu_threads="$(nproc)"
limit=270
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu-only) gpu=false; shift ;;
    --gpu-only) cpu=false; shift ;;
    --shape) shape="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --max-new-tokens) new_tokens="$2"; shift 2 ;;
    --prompt-tokens) prompt_tokens="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --cpu-threads) cpu_threads="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    *) echo "gpu-check.sh: unknown option '$1' (see the comment at the top of $0)" >&2; exit 64 ;;
  esac
done

log() { echo "gpu-check: $*" >&2; }

# Prints the lib directory of a CUDA build of PyTorch $TORCH_VERSION, or nothing.
find_cuda_libtorch() {
  if [[ -n "${PYTORCH_LIBRARY_PATH:-}" ]]; then
    echo "$PYTORCH_LIBRARY_PATH"
    return
  fi
  local lib
  lib="$("$PYTHON" - "$TORCH_VERSION" 2>/dev/null <<'EOF' || true
import os, sys
import torch
if torch.__version__.split("+")[0] == sys.argv[1] and torch.version.cuda:
    print(os.path.join(os.path.dirname(torch.__file__), "lib"))
EOF
)"
  if [[ -n "$lib" && -f "$lib/libtorch.so" ]]; then
    echo "$lib"
    return
  fi
  for lib in "$HOME"/.djl.ai/pytorch/"$TORCH_VERSION"-cu12*-linux-x86_64; do
    if [[ -f "$lib/libtorch.so" ]]; then
      echo "$lib"
      return
    fi
  done
}

# Runs one `grpo bench model` on $1 (cpu or cuda); prints its result row, or "FAILED: reason".
bench() {
  local device="$1" output rc=0
  shift
  output="$(timeout -k 10 "$limit" "$@" "$GRPO" bench model --model "$shape" --device "$device" --batch-size "$batch" \
      --max-new-tokens "$new_tokens" --prompt-tokens "$prompt_tokens" --runs "$runs" 2>&1)" || rc=$?
  printf '%s\n' "$output" >&2
  if [[ $rc -eq 124 ]]; then
    echo "FAILED: over ${limit} s"
  elif [[ $rc -ne 0 ]]; then
    echo "FAILED: $(printf '%s\n' "$output" | grep -v '^\s*$' | tail -n 1)"
  else
    printf '%s\n' "$output" | grep -F "$shape (random weights)" | tail -n 1
  fi
}

# Turns a result row into "tok/s | step s | peak RSS", or passes a failure on.
cells() {
  case "$1" in
    FAILED:*) echo "${1#FAILED: } | | " ;;
    *) echo "${1:36}" | awk '{ printf "%s | %s | %s %s", $2, $3, $4, $5 }' ;;
  esac
}

log "building or reusing the CLI"
"$GRPO" --version >/dev/null

gpu_note=""
cuda_lib=""
if $gpu; then
  cuda_lib="$(find_cuda_libtorch)"
  if [[ -z "$cuda_lib" ]]; then
    gpu_note="not run: no CUDA build of PyTorch $TORCH_VERSION (PYTORCH_LIBRARY_PATH unset, no pip torch $TORCH_VERSION with CUDA, nothing in ~/.djl.ai; see docs/gpu.md)"
  elif ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
    gpu_note="not run: nvidia-smi finds no GPU"
  fi
else
  gpu_note="not run (--cpu-only)"
fi

cpu_row="FAILED: not run (--gpu-only)"
if $cpu; then
  log "CPU: $shape, batch $batch, $prompt_tokens + $new_tokens tokens, $cpu_threads PyTorch threads"
  cpu_row="$(bench cpu env -u PYTORCH_LIBRARY_PATH -u PYTORCH_FLAVOR -u PYTORCH_VERSION \
      GRPO_JAVA_OPTS="${GRPO_JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=$cpu_threads")"
fi
gpu_row=""
if [[ -z "$gpu_note" ]]; then
  log "GPU: libtorch from $cuda_lib"
  gpu_row="$(bench cuda env PYTORCH_LIBRARY_PATH="$cuda_lib" PYTORCH_VERSION="$TORCH_VERSION" \
      PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-$FLAVOR}")"
fi

report=/dev/null
if [[ -n "${OUT:-}" ]]; then
  mkdir -p "$OUT"
  report="$OUT/gpu-check.md"
fi
gpu_name="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n 1 || true)"
{
  echo "## gpu-check: $shape (random weights), batch $batch x ($prompt_tokens prompt + $new_tokens new tokens), median of $runs"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU cores, GPU: ${gpu_name:-none}"
  echo
  echo "| device | sampler tok/s | learner step s | peak RSS |"
  echo "|--------|---------------|----------------|----------|"
  echo "| cpu ($cpu_threads threads) | $(cells "$cpu_row") |"
  if [[ -n "$gpu_row" ]]; then
    echo "| cuda | $(cells "$gpu_row") |"
  else
    echo "| cuda | $gpu_note | | |"
  fi
} | tee "$report"
