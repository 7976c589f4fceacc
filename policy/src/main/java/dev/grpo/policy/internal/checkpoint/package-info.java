/**
 * Checkpoints: weights as safetensors (readable by PyTorch and HuggingFace tools), {@code config.json} and a
 * sha256 file, written atomically and verified on load; Hugging Face checkpoints beyond 5 GB are written as shards.
 * Weights of any size are streamed or memory-mapped, never held in one Java array.
 */
package dev.grpo.policy.internal.checkpoint;
