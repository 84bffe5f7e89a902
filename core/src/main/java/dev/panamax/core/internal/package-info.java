/**
 * What Panamax's own modules share and users must not depend on: the C library bindings ({@code Libc}, the one
 * place Panamax makes restricted FFM calls) and the command line of child JVMs ({@code JvmCommand}). Exported only
 * to Panamax's modules; it may change in any release.
 */
package dev.panamax.core.internal;
