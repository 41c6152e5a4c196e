/**
 * Prometheus metrics through Micrometer: the server's counters (from the rooms' loops and the
 * transports), the forwarding latency histogram, and JVM metrics. May depend on core.room,
 * core.rooms (whose census supplies the rooms' figures as a
 * {@link io.parley.core.rooms.RoomsSnapshot}), transport (for its counters) and Micrometer;
 * nothing else depends on this package.
 */
package io.parley.admin.metrics;
