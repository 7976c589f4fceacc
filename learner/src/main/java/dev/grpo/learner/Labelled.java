package dev.grpo.learner;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A choice the command line and configs name by a label of its own ({@code decoupled-ppo}, {@code k3}). */
interface Labelled {

    /** @return the name used on the command line and in configs */
    String label();

    /**
     * @param type the choices
     * @param what what a choice is, for the refusal (e.g. {@code policy loss})
     * @param label a name as {@link #label()} gives it
     * @param <E> the choices' type
     * @return the choice of that name
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static <E extends Enum<E> & Labelled> E byLabel(Class<E> type, String what, String label) {
        E[] choices = type.getEnumConstants();
        for (E choice : choices) {
            if (choice.label().equals(label)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + label + "': use "
                + Arrays.stream(choices).map(Labelled::label).collect(Collectors.joining(", ")));
    }
}
