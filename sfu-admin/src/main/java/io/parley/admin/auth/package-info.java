/**
 * Who may do what: HS256 join tokens (RFC 7519 JWT, verified with Auth0's java-jwt) carrying the
 * participant's identity, room and grants, checked at every door (WebSocket, WHIP, WHEP, admin).
 * Depends on java-jwt only; knows nothing of rooms or HTTP.
 */
package io.parley.admin.auth;
