/**
 * Least-privilege ACLs for the pipeline on a secured cluster: which principal of which stage may read and write
 * which topics, groups and transactional ids, in a namespace, and how to print them as {@code kafka-acls.sh} lines.
 */
package dev.grpo.cli.acls;
