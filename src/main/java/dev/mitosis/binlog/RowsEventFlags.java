package dev.mitosis.binlog;

/** Flags of rows events (binlog-format.md §14). */
public final class RowsEventFlags {
    /** Last rows event of a statement; must be set on it. */
    public static final int STMT_END = 0x0001;
    public static final int NO_FOREIGN_KEY_CHECKS = 0x0002;
    public static final int RELAXED_UNIQUE_CHECKS = 0x0004;
    public static final int COMPLETE_ROWS = 0x0008;

    private RowsEventFlags() {}
}
