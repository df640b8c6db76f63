package dev.mitosis.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Output of the mitosis tool: colored on a terminal, plain when piped (or with NO_COLOR / --no-color). */
final class Term {
    private static final String RESET = "\u001b[0m";
    final PrintStream out;
    final PrintStream err;
    final boolean color;

    Term(PrintStream out, PrintStream err, boolean color) {
        this.out = out;
        this.err = err;
        this.color = color;
    }

    /** Whether standard output is a terminal that takes colors. */
    static boolean colorTerminal() {
        if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) return false;
        java.io.Console c = System.console();
        if (c == null) return false;
        try { // Java 22+: console() may exist while output is redirected
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + RESET : s;
    }

    String bold(String s) { return paint("1", s); }
    String dim(String s) { return paint("2", s); }
    String red(String s) { return paint("31", s); }
    String green(String s) { return paint("32", s); }
    String yellow(String s) { return paint("33", s); }
    String cyan(String s) { return paint("36", s); }

    void println(String s) { out.println(s); out.flush(); }
    void step(String s) { println(bold("==> ") + bold(s)); }
    void ok(String s) { println(green("  ok   ") + s); }
    void info(String s) { println("       " + s); }
    void warn(String s) { println(yellow("  warn ") + s); }
    void fail(String s) { println(red("  FAIL ") + s); }

    /** Printed length of a string, without color escapes. */
    static int width(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    static String pad(String s, int w) {
        int n = w - width(s);
        return n <= 0 ? s : s + " ".repeat(n);
    }

    /** A table with a header line and aligned columns (cells may carry colors). */
    static List<String> table(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = width(header.get(i));
        for (List<String> r : rows) for (int i = 0; i < w.length && i < r.size(); i++) w[i] = Math.max(w[i], width(r.get(i)));
        List<String> lines = new ArrayList<>();
        lines.add(line(header, w));
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < w.length; i++) sep.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        lines.add(sep.toString());
        for (List<String> r : rows) lines.add(line(r, w));
        return lines;
    }

    private static String line(List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
            if (i > 0) b.append("  ");
            b.append(i == w.length - 1 ? c : pad(c, w[i]));
        }
        return b.toString().stripTrailing();
    }

    static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f s", s);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }
}
