package io.parley.core.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Hands Netty's leak reports to {@link FailOnLeaks}. Netty reports a leak only by logging it
 * ("LEAK: ..." from ResourceLeakDetector, traced or not); every module's logback-test.xml sends
 * that logger here as well as to the console.
 */
public final class LeakLog extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.startsWith("LEAK:")) {
            FailOnLeaks.report(message);
        }
    }
}
