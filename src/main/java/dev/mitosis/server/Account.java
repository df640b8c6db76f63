package dev.mitosis.server;

/** One row of mysql.user as authentication needs it. */
public record Account(String user, String host, String plugin, String authenticationString, boolean locked) {
    public boolean hasPassword() {
        return !authenticationString.isEmpty();
    }
}
