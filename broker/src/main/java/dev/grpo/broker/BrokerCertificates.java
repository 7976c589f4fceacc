package dev.grpo.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A self-signed TLS certificate for the broker's host in a PKCS12 key store, and a PKCS12 trust store holding that
 * certificate for clients. Made with the JDK's own {@code keytool}, so nothing outside the JDK is needed; meant for
 * local and test brokers, whose clients are told to trust exactly this certificate.
 *
 * @param keyStore the broker's key store (private key and certificate)
 * @param trustStore the clients' trust store (the certificate only)
 * @param password the password of both stores
 */
public record BrokerCertificates(Path keyStore, Path trustStore, String password) {

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+");
    private static final String ALIAS = "grpo-broker";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /**
     * Generates a fresh certificate for {@code host} (also valid for {@code localhost} and {@code 127.0.0.1}) in
     * {@code directory}, replacing any stores an earlier start left there.
     *
     * @throws IllegalStateException if keytool fails; the message carries keytool's own output
     */
    public static BrokerCertificates generate(Path directory, String host, String password) {
        BrokerCertificates certificates = new BrokerCertificates(directory.resolve("broker.keystore.p12"),
                directory.resolve("client.truststore.p12"), password);
        Path certificate = directory.resolve("broker.crt");
        try {
            Files.createDirectories(directory);
            ownerOnly(directory);
            Files.deleteIfExists(certificates.keyStore);
            Files.deleteIfExists(certificates.trustStore);
            Files.deleteIfExists(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory + " for the broker's certificates", e);
        }
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=" + host, "-ext", "SAN=" + subjectAlternativeNames(host),
                "-keystore", certificates.keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-file", certificate.toString(),
                "-keystore", certificates.keyStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                "-keystore", certificates.trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return certificates;
    }

    /** The directory holds the broker's private key and the admin's password. */
    private static void ownerOnly(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory keeps its parent's access rules.
        }
    }

    /** Clients check the broker's host name against these, so every name they may dial is listed. */
    private static String subjectAlternativeNames(String host) {
        Set<String> names = new LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1"));
        names.add((IP_ADDRESS.matcher(host).matches() ? "ip:" : "dns:") + host);
        return String.join(",", names);
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " did not finish within "
                        + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed (exit " + process.exitValue()
                        + "): " + output.replaceAll("\\s*\\R\\s*", " "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool from " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the broker's certificate", e);
        }
    }
}
