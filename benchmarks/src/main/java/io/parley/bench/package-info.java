/** JMH benchmarks and the load generator. */
package io.parley.bench;
