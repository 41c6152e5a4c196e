/**
 * Configuration: the HOCON file read once at startup into immutable records. Depends on Typesafe
 * Config only; the rest of the server receives these records through constructors.
 */
package io.parley.admin.config;
