/**
 * The HTTP side of the server on Netty: one port for the WebSocket signalling endpoint, the demo
 * web client and health checks, with the connection limits and helpers for answering requests.
 * Handlers of other paths (admin.api) are plugged in by whoever builds the endpoint, so this
 * package never depends on them. May depend on admin.signal, admin.auth, admin.config,
 * admin.metrics and Netty's HTTP codec.
 */
package io.parley.admin.http;
