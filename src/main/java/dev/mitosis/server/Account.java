package dev.mitosis.server;

/**
 * One row of mysql.user as authentication needs it. {@code sslType} is MySQL's ssl_type: "" for
 * REQUIRE NONE, "ANY" for REQUIRE SSL.
 */
public record Account(String user, String host, String plugin, String authenticationString, boolean locked,
                      String sslType) {
    public boolean requiresTls() {
        return !sslType.isEmpty();
    }

    public boolean hasPassword() {
        return !authenticationString.isEmpty();
    }
}
