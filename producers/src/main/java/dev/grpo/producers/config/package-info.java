/** The typed configuration of a generator process. */
package dev.grpo.producers.config;
