package dev.grpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The launcher's logback.xml parses, and keeps the start-up noise of libraries off the terminal. */
class LoggingConfigurationTest {

    @Test
    void theLaunchersConfigurationParsesWithoutErrors() throws Exception {
        LoggerContext context = configured();

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
    }

    @Test
    void djlsGpuProbeWarnsNothingWhenNoGpuWasAskedFor() throws Exception {
        LoggerContext context = configured();

        assertThat(context.getLogger("ai.djl.util.cuda.CudaUtils").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("dev.grpo").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    private static LoggerContext configured() throws Exception {
        URL resource = GrpoCommand.class.getResource("/logback.xml");
        assertThat(resource).as("cli's logback.xml").isNotNull();
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(resource);
        return context;
    }
}
