package dev.mitosis.sql;

/** Lexical classes of MySQL SQL text. Keywords are {@link #IDENTIFIER}s; context decides. */
public enum TokenType {
    /** Unquoted word: keyword or identifier. Text as written. */
    IDENTIFIER,
    /** Backtick-quoted identifier. Text is the name with quotes removed and `` undoubled. */
    QUOTED_IDENTIFIER,
    /** '...' or "..." (or N'...'): text is the decoded value. */
    STRING,
    /** x'41' or 0x41: text is the hex digits. */
    HEX_STRING,
    /** b'0101' or 0b0101: text is the binary digits. */
    BIT_STRING,
    INTEGER,
    /** Exact number with a decimal point: 1.5, .5 */
    DECIMAL,
    /** Approximate number with an exponent: 1e3 */
    FLOAT,
    /** @name: text is the name. */
    USER_VARIABLE,
    /** @@name, @@global.name, @@session.name: text is what follows "@@". */
    SYSTEM_VARIABLE,
    /** ? placeholder. */
    PARAMETER,
    /** Punctuation and operators: text is the symbol, e.g. "<=>", "(", ",". */
    OPERATOR,
    EOF
}
