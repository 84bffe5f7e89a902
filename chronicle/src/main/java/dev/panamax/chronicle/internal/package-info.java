/**
 * The Chronicle mapping of segments and its {@link java.util.ServiceLoader} provider for {@code dev.panamax.shm}.
 * Not exported; not an API.
 */
package dev.panamax.chronicle.internal;
