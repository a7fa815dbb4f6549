package dev.lakewire.local;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.logging.Logger;

/** The {@link ExecutionContext} the local run hands to function methods. */
public final class LocalExecutionContext implements ExecutionContext {

  private final String functionName;
  private final Logger logger;
  private final String invocationId = UUID.randomUUID().toString();

  public LocalExecutionContext(String functionName, Logger logger) {
    this.functionName = functionName;
    this.logger = logger;
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return invocationId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }
}
