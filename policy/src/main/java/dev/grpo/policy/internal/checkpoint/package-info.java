/**
 * The safetensors format (readable by PyTorch and Hugging Face tools) that {@link dev.grpo.policy.Checkpoint} and
 * {@link dev.grpo.policy.TensorFile} write and read: header layout, validation and the in-memory codec.
 */
package dev.grpo.policy.internal.checkpoint;
