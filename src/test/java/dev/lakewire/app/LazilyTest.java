package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.WorkspaceMetastores;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazilyTest {

  private final Workspace ws =
      new Workspace("/w", "w", "westeurope", "Succeeded", "1", "adb-1.1.net", Map.of());

  @Test
  void aPortIsBuiltOnItsFirstCallOnlyAndOnceWhateverComesAfter() {
    AtomicInteger built = new AtomicInteger();
    WorkspaceMetastores port =
        Lazily.port(
            WorkspaceMetastores.class,
            () -> {
              built.incrementAndGet();
              return w -> Optional.of("metastore of " + w.name());
            });

    assertThat(built).hasValue(0);
    assertThat(port.current(ws)).contains("metastore of w");
    assertThat(port.current(ws)).contains("metastore of w");
    assertThat(built).hasValue(1);
  }

  @Test
  void whatTheBuiltPortThrowsArrivesAsItIsSoTheWorkerClassifiesIt() {
    WorkspaceMetastores port =
        Lazily.port(
            WorkspaceMetastores.class,
            () ->
                w -> {
                  throw new CloudFailure.Permanent("refused", null);
                });

    assertThatThrownBy(() -> port.current(ws))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessage("refused");
  }
}
