/**
 * The segment mapping SPI ({@code SegmentMapping}, {@code MappingProvider}, the FFM backend) and the one list of
 * Chronicle's JVM flags ({@code ChronicleFlags}). Exported only to the Panamax module that provides a backend
 * ({@code dev.panamax.chronicle}); not an API.
 */
package dev.panamax.shm.internal;
