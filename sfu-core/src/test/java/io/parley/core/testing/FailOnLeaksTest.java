package io.parley.core.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class FailOnLeaksTest {
    @Test
    void aBufferDroppedWithoutReleaseIsReported() throws InterruptedException {
        leakOne();
        List<String> leaks = FailOnLeaks.collectLeaks(40); // taken here, so this test itself passes
        assertFalse(leaks.isEmpty(), "the detector runs at PARANOID in tests and reports the dropped buffer");
        assertTrue(leaks.get(0).contains("ByteBuf"), leaks.get(0));
    }

    @Test
    void aReleasedBufferIsNot() throws InterruptedException {
        FailOnLeaks.collectLeaks(4); // whatever earlier tests left is theirs
        ByteBuf b = PooledByteBufAllocator.DEFAULT.heapBuffer(32);
        b.writeInt(1);
        b.release();
        assertTrue(FailOnLeaks.collectLeaks(4).isEmpty());
    }

    /** On a thread of its own, which then ends: nothing of this test's frames can still hold it. */
    private static void leakOne() throws InterruptedException {
        Thread t = new Thread(() -> PooledByteBufAllocator.DEFAULT.heapBuffer(32).writeInt(7));
        t.start();
        t.join();
    }
}
