package dev.panamax.spark;

import org.apache.spark.launcher.JavaModuleOptions;

/** Prints the JVM options Spark's launcher gives every JVM it starts, for {@code spark/run-example}'s driver. */
public final class SparkJvmFlags {
    private SparkJvmFlags() {
    }

    public static void main(String[] args) {
        System.out.println(JavaModuleOptions.defaultModuleOptions());
    }
}
