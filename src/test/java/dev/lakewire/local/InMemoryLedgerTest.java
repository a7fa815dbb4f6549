package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.testing.OnboardingLedgerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class InMemoryLedgerTest extends OnboardingLedgerContract {

  @Override
  protected OnboardingLedger newLedger() {
    return new InMemoryLedger();
  }

  @Test
  void keepsEverySaveOfManyThreadsSavingAtOnce() {
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    ledger.save(record(workspace(SUBSCRIPTION, "ws-" + thread + "-" + i)));
                    String shared = thread % 2 == 0 ? ID : ID.toUpperCase(Locale.ROOT);
                    ledger.save(record(shared));
                    ledger.find(ID).orElseThrow();
                  }
                },
                pool));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }

    assertThat(ledger.list()).hasSize(threads * perThread + 1);
    assertThat(ledger.find(ID.toLowerCase(Locale.ROOT))).isPresent();
  }

  @Test
  void listsASnapshotThatLaterSavesDoNotChange() {
    ledger.save(record(ID));
    List<OnboardingRecord> before = ledger.list();

    ledger.save(record(workspace(SUBSCRIPTION, "ws-later")));

    assertThat(before).containsExactly(record(ID));
    assertThat(ledger.list()).hasSize(2);
  }
}
