package dev.grpo.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The SCRAM-SHA-512 users of a KRaft cluster, kept in its metadata log: created or given a new password through the
 * Admin API by a principal allowed to alter the cluster.
 */
public final class ScramUsers {

    /** Kafka's minimum for SCRAM-SHA-512; more only slows every login of a local broker. */
    private static final int ITERATIONS = 4096;

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin a client logged in as a principal with ALTER on the cluster (a super user)
     * @param timeout how long each call may take
     */
    public ScramUsers(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Creates each user, or sets its password, and waits until the broker knows all of them (a login right after
     * would otherwise race the metadata update).
     *
     * @throws IllegalStateException if the cluster refuses or does not answer in time
     */
    public void upsert(Map<String, String> users) {
        if (users.isEmpty()) {
            return;
        }
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS);
        List<UserScramCredentialAlteration> alterations = users.entrySet().stream()
                .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u.getKey(), info, u.getValue()))
                .toList();
        await(() -> admin.alterUserScramCredentials(alterations).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                "create users " + users.keySet());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!known().containsAll(users.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("users " + users.keySet() + " were created but the broker did not"
                        + " know them within " + timeout);
            }
            pause();
        }
    }

    /** The users the broker knows now. */
    public Set<String> known() {
        return await(() -> admin.describeUserScramCredentials().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                "list users").keySet().stream().collect(Collectors.toSet());
    }

    private static <T> T await(Call<T> call, String what) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for SCRAM users", e);
        }
    }

    private interface Call<T> {
        T get() throws InterruptedException, ExecutionException, TimeoutException;
    }
}
