/**
 * JMH benchmarks of the packet path (run: java -jar benchmarks/target/benchmarks.jar). May depend
 * on every Parley module.
 */
package io.parley.bench;
