package dev.grpo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version {@code grpo --version} prints: the Maven project version, stamped into a resource at build time. */
public final class ReleaseVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"grpo " + version(), "Java " + Runtime.version() + ", " + System.getProperty("java.vm.name")};
    }

    /** The project version, or {@code unknown} when run from sources that were never built by Maven. */
    public static String version() {
        try (InputStream in = ReleaseVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
