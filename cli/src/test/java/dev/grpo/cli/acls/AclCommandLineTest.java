package dev.grpo.cli.acls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AclCommandLineTest {

    private final PipelineAcls acls = new PipelineAcls("team-a.", "learner");

    @Test
    void a_topic_acl_is_a_kafka_acls_add_line_with_the_operation_as_kafka_spells_it() {
        assertThat(AclCommandLine.of(acls.learner("User:l").get(1), "broker:9093", "admin.properties"))
                .isEqualTo("kafka-acls.sh --bootstrap-server broker:9093 --command-config admin.properties --add "
                        + "--allow-principal User:l --operation DescribeConfigs --topic team-a.grpo.advantages");
    }

    @Test
    void prefixed_transactional_ids_and_groups_get_their_own_options() {
        var judge = acls.rewardConsumer("judge", "User:judge");

        assertThat(judge.stream().map(acl -> AclCommandLine.of(acl, "b:1", "a.properties")))
                .contains("kafka-acls.sh --bootstrap-server b:1 --command-config a.properties --add "
                                + "--allow-principal User:judge --operation Read --group team-a.grpo-judge-reward",
                        "kafka-acls.sh --bootstrap-server b:1 --command-config a.properties --add "
                                + "--allow-principal User:judge --operation Write --transactional-id "
                                + "team-a.grpo-judge-reward- --resource-pattern-type prefixed");
    }
}
