package dev.mitosis.sql;

/**
 * Prints what translating sysbench's statements costs, uncached and cached, in ns per statement.
 * A throwaway measurement: run with {@code -Dmitosis.measure=true}; asserts nothing.
 */
class TranslationCost {
    static final String[] SYSBENCH = {
            "SELECT c FROM sbtest1 WHERE id=?",
            "SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?",
            "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?",
            "SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c",
            "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c",
            "UPDATE sbtest1 SET k=k+1 WHERE id=?",
            "UPDATE sbtest1 SET c=? WHERE id=?",
            "DELETE FROM sbtest1 WHERE id=?",
            "INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)",
            "BEGIN",
            "COMMIT",
    };

    public static void main(String[] args) throws Exception {
        int rounds = 200_000;
        for (int warm = 0; warm < 3; warm++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (String s : SYSBENCH) H2Translator.translateUncached(s);
            }
            long uncached = (System.nanoTime() - t0) / ((long) rounds * SYSBENCH.length);
            H2Translator cached = new H2Translator();
            long t1 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (String s : SYSBENCH) cached.translate(s);
            }
            long hit = (System.nanoTime() - t1) / ((long) rounds * SYSBENCH.length);
            long t2 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (String s : SYSBENCH) StatementClassifier.classify(s);
            }
            long classify = (System.nanoTime() - t2) / ((long) rounds * SYSBENCH.length);
            System.out.printf("uncached %d ns/stmt, cached %d ns/stmt, classify %d ns/stmt%n", uncached, hit, classify);
        }
        for (String s : SYSBENCH) {
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) H2Translator.translateUncached(s);
            System.out.printf("%6d ns  %s%n", (System.nanoTime() - t0) / rounds, s);
        }
    }
}
