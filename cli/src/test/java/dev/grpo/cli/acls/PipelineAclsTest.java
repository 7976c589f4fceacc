package dev.grpo.cli.acls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class PipelineAclsTest {

    private final PipelineAcls acls = new PipelineAcls("", "learner");

    @Test
    void only_the_generator_writes_rollouts() {
        List<AclBinding> all = acls.all(StagePrincipals.defaults().with("judge=User:judge"));

        assertThat(writers(all, "grpo.rollouts")).containsExactly("User:grpo-generator");
    }

    @Test
    void only_the_principal_of_a_reward_component_writes_its_reward_topic() {
        List<AclBinding> all = acls.all(StagePrincipals.defaults().with("judge=User:judge"));

        assertThat(writers(all, "grpo.rewards.judge")).containsExactly("User:judge");
        assertThat(writers(all, "grpo.rewards.code")).containsExactly("User:grpo-code-reward");
        assertThat(writers(all, "grpo.rewards.rules")).containsExactly("User:grpo-rewards");
        assertThat(all).noneMatch(acl -> acl.pattern().resourceType() == ResourceType.TOPIC
                && acl.pattern().patternType() == PatternType.PREFIXED && acl.entry().operation() != AclOperation.READ
                && acl.entry().operation() != AclOperation.DESCRIBE_CONFIGS
                && acl.pattern().name().startsWith("grpo.rewards"));
    }

    @Test
    void the_learner_reads_advantages_and_writes_versions_stale_and_dead_letters_only() {
        // It reads back its own stale and dead-letter records when it resumes from a checkpoint.
        List<AclBinding> learner = acls.learner("User:l");

        assertThat(names(learner, ResourceType.TOPIC, AclOperation.WRITE))
                .containsExactlyInAnyOrder("grpo.policy.versions", "grpo.stale", "grpo.dlq");
        assertThat(names(learner, ResourceType.TOPIC, AclOperation.READ))
                .containsExactlyInAnyOrder("grpo.advantages", "grpo.stale", "grpo.dlq");
        assertThat(names(learner, ResourceType.GROUP, AclOperation.READ)).containsExactly("learner");
    }

    @Test
    void a_reward_consumer_has_its_own_group_and_transactional_ids() {
        List<AclBinding> judge = acls.rewardConsumer("judge", "User:judge");
        List<AclBinding> code = acls.rewardConsumer("code", "User:coder");

        assertThat(names(judge, ResourceType.GROUP, AclOperation.READ)).containsExactly("grpo-judge-reward");
        assertThat(names(judge, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE)).containsExactly("grpo-judge-reward-");
        assertThat(names(code, ResourceType.GROUP, AclOperation.READ)).containsExactly("grpo-code-reward");
        assertThat(names(judge, ResourceType.TOPIC, AclOperation.READ)).containsExactly("grpo.rollouts");
    }

    @Test
    void the_rewards_stage_owns_its_streams_applications_internal_topics_groups_and_transactional_ids() {
        List<AclBinding> rewards = acls.rewards("User:r");

        assertThat(names(rewards, ResourceType.GROUP, AclOperation.READ))
                .containsExactlyInAnyOrder("grpo-rule-rewards", "grpo-assembler");
        assertThat(names(rewards, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE))
                .containsExactlyInAnyOrder("grpo-rule-rewards-", "grpo-assembler-");
        assertThat(names(rewards, ResourceType.TOPIC, AclOperation.ALL))
                .containsExactlyInAnyOrder("grpo-rule-rewards-", "grpo-assembler-");
        assertThat(names(rewards, ResourceType.TOPIC, AclOperation.WRITE))
                .containsExactlyInAnyOrder("grpo.rewards.rules", "grpo.advantages", "grpo.dlq");
    }

    @Test
    void the_namespace_prefixes_every_topic_group_and_transactional_id() {
        List<AclBinding> all = new PipelineAcls("team-a.", "learner").all(StagePrincipals.defaults());

        assertThat(all).isNotEmpty().allMatch(acl -> acl.pattern().name().startsWith("team-a."));
        assertThat(writers(all, "team-a.grpo.rollouts")).containsExactly("User:grpo-generator");
    }

    @Test
    void every_acl_allows_from_any_host_and_names_its_stages_principal() {
        assertThat(acls.generator("User:g")).allMatch(acl -> acl.entry().principal().equals("User:g")
                && acl.entry().host().equals("*"));
        assertThat(names(acls.generator("User:g"), ResourceType.TOPIC, AclOperation.CREATE))
                .containsExactly("grpo.generator.claims");
    }

    @Test
    void the_generator_reads_prompts_and_versions_and_looks_only_at_the_claims_logs_config() {
        List<AclBinding> generator = acls.generator("User:g");

        assertThat(names(generator, ResourceType.TOPIC, AclOperation.READ))
                .containsExactlyInAnyOrder("grpo.prompts", "grpo.policy.versions", "grpo.generator.claims");
        assertThat(names(generator, ResourceType.TOPIC, AclOperation.DESCRIBE_CONFIGS))
                .containsExactly("grpo.generator.claims");
    }

    private static List<String> writers(List<AclBinding> acls, String topic) {
        return acls.stream()
                .filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC && acl.pattern().name().equals(topic)
                        && acl.entry().operation() == AclOperation.WRITE)
                .map(acl -> acl.entry().principal()).toList();
    }

    private static List<String> names(List<AclBinding> acls, ResourceType type, AclOperation operation) {
        return acls.stream()
                .filter(acl -> acl.pattern().resourceType() == type && acl.entry().operation() == operation)
                .map(acl -> acl.pattern().name()).toList();
    }

}
