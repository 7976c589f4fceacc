package dev.grpo.cli.acls;

import dev.grpo.coderewards.CodeRewardConfig;
import dev.grpo.producers.GeneratorTopics;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RuleRewardsApp;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of one pipeline: each stage may read what it consumes and write only what it produces,
 * so a reward consumer cannot score for another component, nor anyone but the generator write rollouts. Topic
 * names, consumer groups, application ids and transactional ids all carry the namespace prefix. Topics are created
 * beforehand by an administrator ({@code grpo topics create}), except the generators' claims log, which the
 * generator creates itself. A stage may read the configs of the topics it checks against the catalogue at start.
 * {@code SecuredPipelineTest} runs every stage on a secured broker with exactly these ACLs.
 *
 * @param topicPrefix the namespace, prepended to every topic, group and id (empty for none)
 * @param learnerId the learner's id, which is its consumer group
 */
public record PipelineAcls(String topicPrefix, String learnerId) {

    public PipelineAcls {
        if (topicPrefix == null || learnerId == null || learnerId.isBlank()) {
            throw new IllegalArgumentException("topic prefix must not be null and learner id not blank, got '"
                    + topicPrefix + "', '" + learnerId + "'");
        }
    }

    /** The consumer group, and prefix of the transactional ids, of the external reward consumer of {@code component}. */
    public static String rewardConsumerGroup(String component) {
        return "grpo-" + component + "-reward";
    }

    /** Every stage's ACLs, generator first, then rewards, learner and the reward consumers by name. */
    public List<AclBinding> all(StagePrincipals principals) {
        List<AclBinding> acls = new ArrayList<>(generator(principals.generator()));
        acls.addAll(rewards(principals.rewards()));
        acls.addAll(learner(principals.learner()));
        new TreeMap<>(principals.rewardConsumers()).forEach((name, principal) -> acls.addAll(rewardConsumer(name, principal)));
        return List.copyOf(acls);
    }

    /**
     * Reads prompts (in the generators' group) and policy versions; keeps the claims log (creating it, and checking
     * its config, at start); writes rollouts. It never looks at the prompts topic's config.
     */
    public List<AclBinding> generator(String principal) {
        Grants grants = new Grants(principal);
        grants.topic(TopicCatalogue.PROMPTS.name(), AclOperation.READ);
        grants.topic(TopicCatalogue.POLICY_VERSIONS.name(), AclOperation.READ);
        grants.topic(GeneratorTopics.standard().claims(), AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE_CONFIGS);
        grants.topic(TopicCatalogue.ROLLOUTS.name(), AclOperation.WRITE);
        grants.group(PromptOrigin.PromptTopic.CONSUMER_GROUP);
        return grants.bindings();
    }

    /**
     * Reads rollouts and every reward topic; writes rule rewards, advantages and dead letters; owns the internal
     * topics, group and transactional ids of its two Kafka Streams applications.
     */
    public List<AclBinding> rewards(String principal) {
        Grants grants = new Grants(principal);
        grants.topic(TopicCatalogue.ROLLOUTS.name(), AclOperation.READ, AclOperation.DESCRIBE_CONFIGS);
        grants.topics(TopicCatalogue.REWARDS_PREFIX, AclOperation.READ, AclOperation.DESCRIBE_CONFIGS);
        grants.topic(TopicCatalogue.RULE_REWARDS.name(), AclOperation.WRITE);
        grants.topic(TopicCatalogue.ADVANTAGES.name(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
        grants.topic(TopicCatalogue.DEAD_LETTERS.name(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
        for (String application : List.of(RuleRewardsApp.APPLICATION_ID, GroupAssemblerApp.APPLICATION_ID)) {
            // Kafka Streams names its changelog and repartition topics and its transactional ids "<application id>-...".
            grants.topics(application + "-", AclOperation.ALL);
            grants.group(application);
            grants.transactionalIds(application + "-");
        }
        return grants.bindings();
    }

    /**
     * An external reward consumer of {@code component}: reads rollouts, writes only {@code grpo.rewards.<component>}
     * and dead letters, in its own group with its own transactional ids.
     */
    public List<AclBinding> rewardConsumer(String component, String principal) {
        Grants grants = new Grants(principal);
        String group = component.equals("code") ? CodeRewardConfig.DEFAULT_GROUP_ID : rewardConsumerGroup(component);
        grants.topic(TopicCatalogue.ROLLOUTS.name(), AclOperation.READ, AclOperation.DESCRIBE_CONFIGS);
        grants.topic(TopicCatalogue.rewards(component).name(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
        grants.topic(TopicCatalogue.DEAD_LETTERS.name(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
        grants.group(group);
        grants.transactionalIds(group + "-");
        return grants.bindings();
    }

    /** Reads advantages in its own group; writes policy versions, stale samples and dead letters; never rollouts. */
    public List<AclBinding> learner(String principal) {
        Grants grants = new Grants(principal);
        grants.topic(TopicCatalogue.ADVANTAGES.name(), AclOperation.READ, AclOperation.DESCRIBE_CONFIGS);
        grants.topic(TopicCatalogue.POLICY_VERSIONS.name(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
        // READ too: a resumed learner reads back what it forwarded after its checkpoint (OutputLog), so that each
        // group ends up trained or forwarded exactly once.
        grants.topic(TopicCatalogue.STALE.name(), AclOperation.WRITE, AclOperation.READ);
        grants.topic(TopicCatalogue.DEAD_LETTERS.name(), AclOperation.WRITE, AclOperation.READ);
        grants.group(learnerId);
        return grants.bindings();
    }

    /** The allow-ACLs of one principal, every name in the namespace. */
    private final class Grants {

        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void topic(String name, AclOperation... operations) {
            add(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
        }

        void topics(String namePrefix, AclOperation... operations) {
            add(ResourceType.TOPIC, namePrefix, PatternType.PREFIXED, operations);
        }

        void group(String name) {
            add(ResourceType.GROUP, name, PatternType.LITERAL, AclOperation.READ);
        }

        void transactionalIds(String idPrefix) {
            add(ResourceType.TRANSACTIONAL_ID, idPrefix, PatternType.PREFIXED, AclOperation.WRITE);
        }

        private void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            ResourcePattern resource = new ResourcePattern(type, topicPrefix + name, pattern);
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }

        List<AclBinding> bindings() {
            return List.copyOf(bindings);
        }
    }
}
