/**
 * The admin REST API under {@code /admin/v1} (rooms, participants, tracks with bitrates, loss and
 * round-trip times; operator mute, removal, room close; guarded by a token with the {@code admin}
 * grant) and WHIP/WHEP. Handlers that ParleyServer plugs into the HTTP endpoint. Depends on
 * admin.auth, admin.signal (to reach rooms and sessions), admin.http's request helpers, core.room
 * and Netty HTTP; reads rooms on their own loops.
 */
package io.parley.admin.api;
