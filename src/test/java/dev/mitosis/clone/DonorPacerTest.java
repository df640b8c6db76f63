package dev.mitosis.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DonorPacerTest {
    private final AtomicLong commits = new AtomicLong();
    private final AtomicInteger percent = new AtomicInteger(80);
    private final DonorPacer pacer = new DonorPacer(commits::get, percent::get);

    /** Ticks {@code n} times with {@code perSecond} commits per second in between. */
    private void run(int n, int perSecond, boolean cloneServed) {
        for (int i = 0; i < n; i++) {
            commits.addAndGet(perSecond * DonorPacer.TICK_MILLIS / 1000);
            pacer.tick(cloneServed);
        }
    }

    @Test
    void anIdleDonorIsNotPaced() {
        run(100, 0, false);
        run(20, 0, true);
        assertEquals(0, pacer.rate());
    }

    @Test
    void theCapFallsWhileTheDonorOwesCommitsAndRisesOnceItIsAhead() {
        run(100, 1000, false);
        run(1, 1000, true);
        long start = pacer.rate();
        assertTrue(start > 0, "a loaded donor is paced");
        run(3, 700, true); // below the target, 85% of 1000 (the share and 5 points): 45 commits owed
        assertEquals((long) (start * 0.8), pacer.rate());
        run(3, 900, true); // above the target, but still owing 30: falls again
        long owing = pacer.rate();
        assertEquals((long) ((long) (start * 0.8) * 0.8), owing);
        run(3, 1100, true); // 75 more than the target with 30 owed: ahead, rises
        assertEquals((long) (owing * 1.1), pacer.rate());
    }

    @Test
    void aPauseBeforeTheCloneDoesNotLowerTheBaseline() {
        run(50, 1000, false);
        run(10, 0, false); // the clients reconnect
        run(40, 1000, false);
        run(1, 1000, true);
        long start = pacer.rate();
        run(3, 800, true); // below 85% of 1000 (85% of the mean with the pause, 900, would allow 765)
        assertTrue(pacer.rate() < start, "the cap falls: " + pacer.rate() + " vs " + start);
    }

    @Test
    void aStrongStartBuysOnlyABoundedSlump() {
        run(100, 1000, false);
        run(1, 1000, true);
        run(300, 2000, true); // far ahead of the target for 30 s
        long high = pacer.rate();
        run(12, 0, true); // then nothing: the surplus (1 s of target) is gone within 4 steps
        assertTrue(pacer.rate() < high, "the cap falls: " + pacer.rate() + " vs " + high);
    }

    @Test
    void theCapNeverFallsBelowItsFloorSoTheCloneEnds() {
        run(100, 1000, false);
        run(1, 1000, true);
        run(200, 0, true);
        assertTrue(pacer.rate() >= 16L << 20, "floor kept: " + pacer.rate());
    }

    @Test
    void theCapGoesWhenTheCloneEnds() {
        run(100, 1000, false);
        run(5, 1000, true);
        assertTrue(pacer.rate() > 0);
        run(1, 1000, false);
        assertEquals(0, pacer.rate());
    }

    @Test
    void zeroPercentTurnsPacingOff() {
        percent.set(0);
        run(100, 1000, false);
        run(10, 100, true);
        assertEquals(0, pacer.rate());
    }
}
