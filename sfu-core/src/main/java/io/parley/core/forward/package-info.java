/**
 * Per-subscriber stream continuity: the rewriting that makes a subscriber's decoder see one
 * steady stream whatever happens upstream. Depends on nothing but the JDK.
 */
package io.parley.core.forward;
