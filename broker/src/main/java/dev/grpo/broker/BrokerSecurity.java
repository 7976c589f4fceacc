package dev.grpo.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the broker's client listener is secured: open ({@code PLAINTEXT}), or {@code SASL_SSL} with SCRAM-SHA-512
 * users over TLS and every request checked against ACLs ({@code StandardAuthorizer}; {@value #ADMIN_USER} is the
 * super user).
 *
 * @param saslSsl whether clients must connect over TLS and authenticate
 * @param users SCRAM users (name to password) created or updated at every start, besides the admin
 */
public record BrokerSecurity(boolean saslSsl, Map<String, String> users) {

    /** The super user of a secured broker; its password is generated at every start. */
    public static final String ADMIN_USER = "admin";

    /** SCRAM user names are sent inside the SASL exchange and the JAAS line: no quotes, commas or '='. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public BrokerSecurity {
        users = Map.copyOf(users);
        if (!saslSsl && !users.isEmpty()) {
            throw new IllegalArgumentException("users need a secured broker (--security sasl-ssl)");
        }
        users.forEach(BrokerSecurity::requireValidUser);
    }

    /** No TLS, no authentication, no ACLs: the broker every local run and test uses by default. */
    public static BrokerSecurity plaintext() {
        return new BrokerSecurity(false, Map.of());
    }

    /** SASL_SSL with SCRAM-SHA-512 and ACLs, with these users besides the admin. */
    public static BrokerSecurity saslSsl(Map<String, String> users) {
        return new BrokerSecurity(true, users);
    }

    /**
     * Parses a {@code NAME:PASSWORD} user as {@code grpo broker --user} takes it.
     *
     * @throws IllegalArgumentException naming the value when it has no ':' or an invalid name or password
     */
    public static Map.Entry<String, String> parseUser(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a user is NAME:PASSWORD, got '" + text + "'");
        }
        Map.Entry<String, String> user = Map.entry(text.substring(0, colon), text.substring(colon + 1));
        requireValidUser(user.getKey(), user.getValue());
        return user;
    }

    /** These settings with {@code users} added (a name given twice keeps its last password). */
    public BrokerSecurity withUsers(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.putAll(more);
        return new BrokerSecurity(saslSsl, all);
    }

    private static void requireValidUser(String name, String password) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must be 1 to 64 letters, digits, '.', '_' or '-', got '"
                    + name + "'");
        }
        if (name.equals(ADMIN_USER)) {
            throw new IllegalArgumentException("user '" + ADMIN_USER + "' is the broker's super user; its password is"
                    + " generated at start and written to the admin client properties file");
        }
        if (password == null || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
            throw new IllegalArgumentException("password of user '" + name + "' must be non-empty, without '\"' or '\\'");
        }
    }
}
