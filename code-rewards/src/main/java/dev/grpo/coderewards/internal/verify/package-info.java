/** What the verifier needs beside its API: the program extracted from a completion and the unrunnable-spec refusal. */
package dev.grpo.coderewards.internal.verify;
