/**
 * Per-subscriber stream continuity: the rewriting that makes a subscriber's decoder see one
 * steady stream whatever happens upstream (source switches, packets left out, late packets).
 * Depends on Netty's ByteBuf and core.codec, for where a payload keeps its picture numbers.
 */
package io.parley.core.forward;
