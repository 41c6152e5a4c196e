/**
 * The HTTP side of the server on Netty: one port for the WebSocket signalling endpoint, the demo
 * web client and health checks. May depend on io.parley.admin.signal and Netty's HTTP codec.
 */
package io.parley.admin.http;
