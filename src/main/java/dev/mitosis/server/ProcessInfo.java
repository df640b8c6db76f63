package dev.mitosis.server;

import java.util.regex.Pattern;

/** What SHOW PROCESSLIST may show of a statement: passwords are masked, as MySQL does. */
final class ProcessInfo {
    private static final Pattern SECRET = Pattern.compile(
            "(?i)((?:IDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?BY|PASSWORD\\s*=?|SOURCE_PASSWORD\\s*=|MASTER_PASSWORD\\s*=)\\s*)('(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\")");

    private ProcessInfo() {}

    static String mask(String statement) {
        if (statement == null) return null;
        return SECRET.matcher(statement).replaceAll("$1<secret>");
    }
}
