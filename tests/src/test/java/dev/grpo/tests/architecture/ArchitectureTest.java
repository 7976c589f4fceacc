package dev.grpo.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture every production class of {@code dev.grpo} keeps (test classes are not imported): modules depend
 * one way, each module's packages are free of cycles, PyTorch-engine internals stay behind one adapter, no class is
 * named after a non-thing, and the policy, the learner, the producers, the stream apps and the code rewards are used
 * through their API packages only.
 */
class ArchitectureTest {

    /** The libraries: what a stage image ships. */
    private static final String[] LIBRARIES = {"dev.grpo.schemas..", "dev.grpo.policy..", "dev.grpo.producers..",
            "dev.grpo.streams..", "dev.grpo.coderewards..", "dev.grpo.learner.."};

    /** The tooling on top of the libraries: picocli adapters, workflows, benchmarks and the embedded broker. */
    private static final String[] TOOLS = {"dev.grpo.cli..", "dev.grpo.workflow..", "dev.grpo.bench..",
            "dev.grpo.broker.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ArchitectureTest::isOwnCode)
            .importPackages("dev.grpo");

    /**
     * Our modules' classes, whether Maven hands them over as {@code target/classes} folders (a test run of one module)
     * or as the modules' jars (a reactor build past {@code package}, as CI's {@code mvn verify}); never the
     * third-party jars, which ship packages of their own.
     */
    private static boolean isOwnCode(com.tngtech.archunit.core.importer.Location location) {
        return (!location.isJar() || location.contains("/grpo-")) && !location.contains("-tests.jar");
    }

    @Test
    void modulesDependOneWayFromSchemasThroughPolicyAndTheStagesToTheTools() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Schemas").definedBy("dev.grpo.schemas..")
                .layer("Policy").definedBy("dev.grpo.policy..")
                .layer("Stages").definedBy("dev.grpo.producers..", "dev.grpo.streams..", "dev.grpo.coderewards..",
                        "dev.grpo.learner..")
                .layer("Tools").definedBy(TOOLS)
                .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
                .whereLayer("Stages").mayOnlyBeAccessedByLayers("Tools")
                .whereLayer("Policy").mayOnlyBeAccessedByLayers("Stages", "Tools")
                .whereLayer("Schemas").mayOnlyBeAccessedByLayers("Policy", "Stages", "Tools");

        rule.check(CLASSES);
    }

    @Test
    void noLibraryDependsOnTheEmbeddedBroker() {
        noClasses().that().resideInAnyPackage(LIBRARIES)
                .should().dependOnClassesThat().resideInAnyPackage("dev.grpo.broker..", "dev.grpo.cli.broker..")
                .check(CLASSES);
    }

    /** Every module's packages are free of cycles: a package can be understood, and changed, from below. */
    @ParameterizedTest
    @ValueSource(strings = {"schemas", "policy", "producers", "streams", "coderewards", "learner", "broker", "workflow", "bench",
            "cli"})
    void theModulesPackagesAreFreeOfCycles(String module) {
        slices().assignedFrom(packagesOf(module)).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheEngineAdapterUsesPyTorchEngineInternals() {
        noClasses().that().resideOutsideOfPackage("dev.grpo.policy.internal.engine..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch.jni..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("ai.djl.pytorch.engine.PtNDArray")
                .check(CLASSES);
    }

    @Test
    void noClassIsNamedAfterANonThing() {
        noClasses().should().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .check(CLASSES);
    }

    /**
     * Other modules load, sample, score, train and checkpoint a model through {@code dev.grpo.policy}; the
     * transformer's blocks, safetensors, chat-template rendering and the engine adapter stay free to change.
     * Benchmarks time the model through the API too, so they get no exemption.
     */
    @Test
    void thePolicyIsUsedThroughItsApiPackageOnly() {
        noClasses().that().resideOutsideOfPackage("dev.grpo.policy..")
                .should().dependOnClassesThat().resideInAPackage("dev.grpo.policy.internal..")
                .check(CLASSES);
    }

    /**
     * Benchmarks time the learner's inner step directly, so they may reach into its internals; nothing else may.
     */
    @Test
    void theLearnerIsUsedThroughItsApiPackageOnly() {
        noClasses().that().resideOutsideOfPackage("dev.grpo.learner..")
                .and(not(resideInAnyPackage("dev.grpo.bench..", "dev.grpo.cli.bench..")))
                .should().dependOnClassesThat().resideInAPackage("dev.grpo.learner.internal..")
                .check(CLASSES);
    }

    /**
     * Benchmarks time the sandbox and the verifier directly, so they may reach into code-rewards' internals; nothing
     * else may.
     */
    @Test
    void codeRewardsAreUsedThroughTheirApiPackageOnly() {
        noClasses().that().resideOutsideOfPackage("dev.grpo.coderewards..")
                .and(not(resideInAnyPackage("dev.grpo.bench..", "dev.grpo.cli.bench..")))
                .should().dependOnClassesThat().resideInAPackage("dev.grpo.coderewards.internal..")
                .check(CLASSES);
    }

    /**
     * Other modules drive a generator through {@code dev.grpo.producers} (its configuration, prompt files, templates
     * and meters); admission, sampling, weights and the pipeline stay free to change. Benchmarks may reach in.
     */
    @Test
    void theProducersAreUsedThroughTheirApiPackageOnly() {
        noClasses().that().resideOutsideOfPackage("dev.grpo.producers..")
                .and(not(resideInAnyPackage("dev.grpo.bench..", "dev.grpo.cli.bench..")))
                .should().dependOnClassesThat().resideInAPackage("dev.grpo.producers.internal..")
                .check(CLASSES);
    }

    /**
     * Other modules start the reward, assembler, rejection-sampling and replay apps through {@code dev.grpo.streams},
     * and write reward plug-ins and reward stages of their own against {@code dev.grpo.streams.spi}; the topologies,
     * processors and answer checking behind them stay free to change. No exemption: the rewards benchmark drives the
     * apps through the API too.
     */
    @Test
    void theStreamAppsAreUsedThroughTheirApiAndSpiPackagesOnly() {
        noClasses().that().resideOutsideOfPackage("dev.grpo.streams..")
                .should().dependOnClassesThat().resideInAPackage("dev.grpo.streams.internal..")
                .check(CLASSES);
    }

    /**
     * The stream apps' internals serve the apps of {@code dev.grpo.streams} and never reach back into it: what they
     * share with plug-ins and other modules' reward stages is the service-provider interface, and what they need of
     * the apps' configuration they are handed as values of their own.
     */
    @Test
    void theStreamAppsInternalsNeverDependOnTheirApiPackage() {
        noClasses().that().resideInAPackage("dev.grpo.streams.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.grpo.streams")
                .check(CLASSES);
    }

    /**
     * The stream apps' service-provider interface is their bottom: a plug-in author reads it alone, and the apps and
     * their internals both build on it, so it uses no other class of the module.
     */
    @Test
    void theStreamAppsSpiDependsOnNothingElseOfTheModule() {
        noClasses().that().resideInAPackage("dev.grpo.streams.spi..")
                .should().dependOnClassesThat(resideInAPackage("dev.grpo.streams..")
                        .and(not(resideInAPackage("dev.grpo.streams.spi.."))))
                .check(CLASSES);
    }

    /** Each package of {@code dev.grpo.<module>}, its root included, is a slice; other classes are in none. */
    private static SliceAssignment packagesOf(String module) {
        String root = "dev.grpo." + module;
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(root) || name.startsWith(root + ".") ? SliceIdentifier.of(name)
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + root;
            }
        };
    }
}
