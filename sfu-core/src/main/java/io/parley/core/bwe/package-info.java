/**
 * Send-side bandwidth estimation per subscriber (GCC-style, draft-ietf-rmcat-gcc-02): what was
 * sent with which transport-wide sequence number, and an estimator fed by the subscriber's
 * transport-wide CC feedback. Plain Java, no dependencies; used on the room's loop.
 */
package io.parley.core.bwe;
