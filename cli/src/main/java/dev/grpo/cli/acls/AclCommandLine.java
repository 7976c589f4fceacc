package dev.grpo.cli.acls;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * An ACL as the {@code kafka-acls.sh --add} command line that creates it, for administrators who apply ACLs with
 * Kafka's own tools (or review them before {@code grpo topics acls --apply}).
 */
public final class AclCommandLine {

    private AclCommandLine() {
    }

    /**
     * The command that adds {@code acl} on {@code bootstrapServers}, logged in with the client properties in
     * {@code commandConfig}.
     */
    public static String of(AclBinding acl, String bootstrapServers, String commandConfig) {
        ResourcePattern resource = acl.pattern();
        StringBuilder line = new StringBuilder("kafka-acls.sh --bootstrap-server ").append(bootstrapServers)
                .append(" --command-config ").append(commandConfig)
                .append(" --add --allow-principal ").append(acl.entry().principal())
                .append(" --operation ").append(camelCase(acl.entry().operation().name()));
        switch (resource.resourceType()) {
            case TOPIC -> line.append(" --topic ").append(resource.name());
            case GROUP -> line.append(" --group ").append(resource.name());
            case TRANSACTIONAL_ID -> line.append(" --transactional-id ").append(resource.name());
            case CLUSTER -> line.append(" --cluster");
            default -> throw new IllegalArgumentException("kafka-acls.sh has no option for " + resource.resourceType()
                    + " resources: " + acl);
        }
        if (resource.patternType() == PatternType.PREFIXED) {
            line.append(" --resource-pattern-type prefixed");
        }
        return line.toString();
    }

    /** {@code DESCRIBE_CONFIGS} as kafka-acls.sh spells it: {@code DescribeConfigs}. */
    private static String camelCase(String constant) {
        return Arrays.stream(constant.toLowerCase(Locale.ROOT).split("_"))
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(Collectors.joining());
    }
}
