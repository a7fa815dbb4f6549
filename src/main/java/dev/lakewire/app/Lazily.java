package dev.lakewire.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What is built on first use, so that a cold start builds only what its first step needs (issue 11:
 * JVM start to first step handled). Step 1 calls ARM only; the Databricks SDK's clients and the
 * Event Grid publisher are built when a later step or event first needs them.
 */
final class Lazily {

  private Lazily() {}

  /** {@code build}'s value, built on the first {@link Supplier#get} and kept (thread-safe). */
  static <T> Supplier<T> once(Supplier<T> build) {
    Objects.requireNonNull(build, "build");
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = Objects.requireNonNull(build.get(), "built nothing");
              value = v;
            }
          }
        }
        return v;
      }
    };
  }

  /**
   * A {@code port} whose every call goes to {@code build}'s value, built on the first call. What
   * the value throws is thrown as it is (ports throw unchecked exceptions only).
   */
  static <T> T port(Class<T> port, Supplier<? extends T> build) {
    Supplier<? extends T> target = once(build);
    InvocationHandler calls =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> port.getSimpleName() + " (built on first use)";
            };
          }
          try {
            return method.invoke(target.get(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, calls));
  }
}
