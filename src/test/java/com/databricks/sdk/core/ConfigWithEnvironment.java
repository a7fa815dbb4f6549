package com.databricks.sdk.core;

import com.databricks.sdk.core.utils.Environment;
import java.util.List;
import java.util.Map;

/**
 * Test access to {@code DatabricksConfig.resolve(Environment)} (package-private in the SDK): how a
 * config resolves when the process environment holds the given variables, without touching the real
 * environment.
 */
public final class ConfigWithEnvironment {

  private ConfigWithEnvironment() {}

  public static DatabricksConfig resolve(DatabricksConfig config, Map<String, String> env) {
    return config.resolve(new Environment(env, List.of(), "linux"));
  }
}
