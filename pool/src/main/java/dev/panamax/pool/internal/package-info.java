/**
 * The worker's side of the pool: its main class ({@code WorkerMain}, which the pool starts by name), the control
 * protocol ({@code Wire}), the segment cache and the built-in kernels' task. Not exported; not an API.
 */
package dev.panamax.pool.internal;
