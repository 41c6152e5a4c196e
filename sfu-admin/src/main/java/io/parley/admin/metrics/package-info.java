/**
 * Prometheus metrics through Micrometer: the server's counters (from the rooms' loops and the
 * transports), the forwarding latency histogram, and JVM metrics. May depend on core.room,
 * transport (for its counters) and Micrometer. The signalling layer supplies the rooms' figures as a
 * {@link io.parley.admin.metrics.RoomsSnapshot}; nothing else depends on this package.
 */
package io.parley.admin.metrics;
