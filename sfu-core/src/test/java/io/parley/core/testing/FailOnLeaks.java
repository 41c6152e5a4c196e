package io.parley.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a leak Netty's detector reports fail the test instead of only being logged. Registered
 * for every test of every module (META-INF/services, autodetection in junit-platform.properties);
 * the reports come from the log ({@link LeakLog}).
 * A leak is seen only once the buffer is garbage collected and a later allocation looks at the
 * detector's queue: after each test whatever was found by then fails that test; after each class
 * a GC and a few allocations bring out the rest, which fail the class.
 */
public final class FailOnLeaks implements AfterEachCallback, AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final int MAX_SHOWN = 3;
    private static final int ROUNDS_AFTER_A_CLASS = 4;

    /** A leak report Netty logged ({@link LeakLog}). */
    static void report(String leak) {
        LEAKS.add(leak);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failIfAny(takeLeaks(), context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        failIfAny(collectLeaks(ROUNDS_AFTER_A_CLASS), context);
    }

    /**
     * Collects garbage and lets the detector look, {@code rounds} times (the JVM enqueues
     * collected references on a thread of its own), then returns and forgets every leak reported.
     */
    public static List<String> collectLeaks(int rounds) throws InterruptedException {
        for (int i = 0; i < rounds && LEAKS.isEmpty(); i++) {
            System.gc();
            Thread.sleep(25);
            // Each tracked allocation drains the detector's reference queue into reports (Netty
            // tracks pooled buffers; unpooled heap ones it does not).
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.heapBuffer(1);
            probe.release();
        }
        return takeLeaks();
    }

    private static List<String> takeLeaks() {
        List<String> found = new ArrayList<>(LEAKS);
        LEAKS.removeAll(found);
        return found;
    }

    private static void failIfAny(List<String> leaks, ExtensionContext context) {
        if (leaks.isEmpty() || context.getExecutionException().isPresent()) {
            return;
        }
        StringBuilder m = new StringBuilder(leaks.size() + " leaked Netty buffer(s) in "
                + context.getDisplayName() + "; release every buffer you take:");
        for (String leak : leaks.subList(0, Math.min(MAX_SHOWN, leaks.size()))) {
            m.append('\n').append(leak);
        }
        throw new AssertionError(m.toString());
    }
}
