/**
 * Ports: the cloud things the onboarding steps talk to, named after them. Adapters live in {@code
 * dev.lakewire.azure} and {@code dev.lakewire.databricks}; fakes and the local cloud live outside
 * production code. Ports depend on nothing but the JDK.
 *
 * <p>Adapters translate SDK failures into the {@link dev.lakewire.ports.CloudFailure} classes, so
 * the steps see one vocabulary whatever SDK sits below.
 */
package dev.lakewire.ports;
