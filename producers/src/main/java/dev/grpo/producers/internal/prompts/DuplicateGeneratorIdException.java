package dev.grpo.producers.internal.prompts;

/**
 * Another generator started under this generator's id and took over its prompts: the id names the generator's static
 * membership in the prompts consumer group, and the newest member under an id fences the older. Every generator needs
 * an id of its own.
 */
public final class DuplicateGeneratorIdException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String generatorId;

    /**
     * @param generatorId the id two generators use
     * @param instanceId the static member id it names
     * @param group the consumer group
     * @param cause the consumer's fencing
     */
    public DuplicateGeneratorIdException(String generatorId, String instanceId, String group, Throwable cause) {
        super("generator id " + generatorId + " is in use by another generator, which took over this one's prompts "
                + "(static member " + instanceId + " of consumer group " + group + "); give every generator its own "
                + "--generator-id", cause);
        this.generatorId = generatorId;
    }

    /** @return the id two generators use */
    public String generatorId() {
        return generatorId;
    }
}
