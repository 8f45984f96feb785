/** Benchmarks run by hand (not tests): see {@link dev.tft.transfer.bench.PushBench}. */
package dev.tft.transfer.bench;
