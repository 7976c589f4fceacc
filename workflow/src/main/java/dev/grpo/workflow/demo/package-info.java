/**
 * The demo job: pretrained base checkpoint in, GRPO run on a local (embedded) or given Kafka cluster, held-out
 * evaluation before and after, and a report folder with plots out. {@link dev.grpo.workflow.demo.DemoRun} is the
 * entry point; {@code grpo demo} is only its picocli adapter.
 */
package dev.grpo.workflow.demo;
