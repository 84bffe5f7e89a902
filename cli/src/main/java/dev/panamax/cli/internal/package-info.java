/**
 * What the {@code panamax} command's launcher runs that is not a user command: the training run of its start-up
 * cache. Not an API.
 */
package dev.panamax.cli.internal;
