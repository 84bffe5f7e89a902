/**
 * JMH benchmarks for Panamax and the report that compares them with the C, NumPy and Numba references.
 * Every benchmark class forks with the Vector API and native-access flags ({@code @Fork(jvmArgsAppend=…)}).
 */
package dev.panamax.bench;
