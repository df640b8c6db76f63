package dev.mitosis.clone;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps a donor's own work going while it serves a clone (ours: MySQL's clone has only fixed
 * bandwidth caps). The donor's commit rate in the 10 s before the clone (its median second) is the
 * baseline; while the clone runs, the streams' bytes per second are capped, and every 300 ms the
 * cap falls by a fifth while the donor has committed fewer transactions since the clone began than
 * the wanted share of the baseline ({@code clone_donor_min_commit_rate_pct}, aimed 5 points
 * above) allows, and rises by a tenth while it has committed more. Judging the running total rather than each 300 ms keeps the
 * load's own jitter from holding the clone down; whatever slows the donor (CPU, the disk, locks)
 * shows in its commit rate, so one measure covers them all. A donor without a steady load is not
 * paced.
 */
public final class DonorPacer {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DonorPacer.class);
    static final long TICK_MILLIS = 100;
    private static final int TICKS_PER_SECOND = (int) (1000 / TICK_MILLIS);
    /** Ticks of history: the baseline comes from the last 10 s before the clone. */
    private static final int HISTORY = 10 * TICKS_PER_SECOND;
    /** Ticks per control step. */
    private static final int STEP = 3;
    /** Below this many commits per second there is no load to protect (and too few to measure). */
    private static final double MIN_BASELINE = 50;
    /** Percentage points the target is set above the share. */
    private static final int MARGIN_POINTS = 5;
    /** The balance is kept within this many ticks' worth of target commits either way. */
    private static final int BALANCE_TICKS = 10;
    private static final long START_RATE = 128L << 20;
    private static final double DOWN = 0.8;
    private static final double UP = 1.1;
    /** The cap never goes lower, so a clone from a donor whose load drifts down still ends. */
    private static final long MIN_RATE = 16L << 20;
    private static final long MAX_RATE = 8L << 30;

    private final LongSupplier commits;
    private final IntSupplier minPercent;
    private final long[] history = new long[HISTORY];
    private int ticks;
    private long last = -1;
    private boolean serving;
    private double target;
    private int sinceStep;
    /** Commits above (positive) or below the target since the clone began. */
    private double balance;
    /** Bytes per second the streams may send together; 0 = no cap. */
    private volatile long rate;
    private final RateLimit limit = new RateLimit();

    /** {@code commits}: the donor's committed transactions so far; {@code minPercent}: 0 = never pace. */
    public DonorPacer(LongSupplier commits, IntSupplier minPercent) {
        this.commits = commits;
        this.minPercent = minPercent;
    }

    /** Called every {@link #TICK_MILLIS} ms, with whether a clone is being served. */
    synchronized void tick(boolean cloneServed) {
        long now = commits.getAsLong();
        // A restart replaces the counter: count nothing for that tick.
        long delta = last < 0 || now < last ? 0 : now - last;
        last = now;
        if (cloneServed && !serving) {
            start();
            serving = true;
            return;
        }
        serving = cloneServed;
        if (!serving) {
            rate = 0;
            history[ticks++ % HISTORY] = delta;
            return;
        }
        if (rate == 0) return;
        // The commits above or below the target since the clone began, bounded both ways: a strong
        // start cannot buy a long slump later, nor an old slump hold the clone down for long.
        double bound = target * BALANCE_TICKS * TICK_MILLIS / 1000.0;
        balance = Math.max(-bound, Math.min(bound, balance + delta - target * TICK_MILLIS / 1000.0));
        if (++sinceStep < STEP) return;
        sinceStep = 0;
        rate = balance < 0 ? Math.max(MIN_RATE, (long) (rate * DOWN)) : Math.min(MAX_RATE, (long) (rate * UP));
        log.debug("clone pacing: {} commits against the target, cap {} MiB/s", (long) balance, rate >> 20);
    }

    private void start() {
        double baseline = baseline();
        int pct = minPercent.getAsInt();
        // Aimed a little above the share: the balance forgives what lies beyond its bound, and the
        // clone's first steps and the recipient's restart fall outside the control.
        target = baseline * Math.min(100, pct + MARGIN_POINTS) / 100.0;
        rate = pct > 0 && baseline >= MIN_BASELINE ? START_RATE : 0;
        sinceStep = 0;
        balance = 0;
    }

    /**
     * The median of the last ten whole seconds' commit rates (0 with less than 3 s of history): a
     * pause between two client runs, or a burst, does not move it.
     */
    private double baseline() {
        int seconds = Math.min(ticks, HISTORY) / TICKS_PER_SECOND;
        if (seconds < 3) return 0;
        long[] perSecond = new long[seconds];
        for (int sec = 0; sec < seconds; sec++) {
            for (int i = 0; i < TICKS_PER_SECOND; i++) perSecond[sec] += history[Math.floorMod(ticks - 1 - sec * TICKS_PER_SECOND - i, HISTORY)];
        }
        java.util.Arrays.sort(perSecond);
        return seconds % 2 == 1 ? perSecond[seconds / 2] : (perSecond[seconds / 2 - 1] + perSecond[seconds / 2]) / 2.0;
    }

    /** The cap now, in bytes per second (0 = none). */
    long rate() {
        return rate;
    }

    /** Waits until {@code bytes} more fit under the cap (at once when there is none). */
    void acquire(long bytes) {
        limit.acquire(bytes, rate);
    }
}
