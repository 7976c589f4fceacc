package dev.grpo.tests.kafka;

import dev.grpo.broker.ScramUsers;
import dev.grpo.broker.SecuredListener;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * The secured cluster shared by the tests of a test JVM that ask for one ({@link SecuredKafkaClusterExtension}): an
 * embedded broker whose only listener for clients is SASL_SSL (SCRAM-SHA-512) with ACLs enforced. Tests create their
 * own users and ACLs, and log in per principal with {@link #clientConfig}.
 */
public final class SecuredKafkaCluster implements AutoCloseable {

    private final KafkaCluster admin;
    private final SecuredListener listener;

    SecuredKafkaCluster(KafkaCluster admin, SecuredListener listener) {
        this.admin = admin;
        this.listener = listener;
    }

    /** The cluster as its super user sees it: topics, reads and an admin client, all logged in as the admin. */
    public KafkaCluster asAdmin() {
        return admin;
    }

    /** Where the listener is, its trust store and the admin's login. */
    public SecuredListener listener() {
        return listener;
    }

    /** Client settings (bootstrap servers included) that log in as {@code user} over TLS. */
    public Map<String, Object> clientConfig(String user, String password) {
        return listener.clientConfig(user, password);
    }

    /** Creates these SCRAM users (name to password) and waits until the broker knows them. */
    public void createUsers(Map<String, String> users) {
        new ScramUsers(admin.admin(), KafkaCluster.PATIENCE).upsert(users);
    }

    /**
     * Creates these ACLs as the super user and waits until the broker's authorizer holds them (it learns of them a
     * moment after the controller commits them).
     */
    public void createAcls(Collection<AclBinding> acls) {
        try {
            admin.admin().createAcls(acls).all().get(KafkaCluster.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
            while (!admin.admin().describeAcls(AclBindingFilter.ANY).values()
                    .get(KafkaCluster.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).containsAll(acls)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ACLs were created but the broker did not apply them within "
                            + KafkaCluster.PATIENCE);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs: " + e, e);
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
    }
}
