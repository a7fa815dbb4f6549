package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableKeysTest {

  private static final String ID =
      "/subscriptions/6D9B0F1E-3C2A-4B5D-9E8F-0A1B2C3D4E5F/resourceGroups/rg-Data"
          + "/providers/Microsoft.Databricks/workspaces/ws-Analytics";

  @Test
  void keysAWorkspaceByItsLowerCasedSubscription() {
    assertThat(TableKeys.partitionKey(ID)).isEqualTo("6d9b0f1e-3c2a-4b5d-9e8f-0a1b2c3d4e5f");
  }

  @Test
  void escapesTheLowerCasedIdReadablyInTheRowKey() {
    assertThat(TableKeys.rowKey(ID))
        .isEqualTo(
            "~2fsubscriptions~2f6d9b0f1e-3c2a-4b5d-9e8f-0a1b2c3d4e5f~2fresourcegroups~2frg-data"
                + "~2fproviders~2fmicrosoft.databricks~2fworkspaces~2fws-analytics");
  }

  @Test
  void givesIdsThatDifferOnlyInCaseTheSameKeys() {
    assertThat(TableKeys.rowKey(ID.toUpperCase())).isEqualTo(TableKeys.rowKey(ID));
    assertThat(TableKeys.partitionKey(ID.toUpperCase())).isEqualTo(TableKeys.partitionKey(ID));
  }

  @Test
  void leavesNoCharacterThatTableKeysForbid() {
    String nasty = "/subscriptions/a#b?c\\d/x/\u0000\u001f\u007f\u009f'%+~é";

    for (String key : new String[] {TableKeys.rowKey(nasty), TableKeys.partitionKey(nasty)}) {
      assertThat(key).doesNotContain("/", "\\", "#", "?", "'", "%", "+");
      assertThat(key.chars()).noneMatch(c -> c <= 0x1f || (c >= 0x7f && c <= 0x9f));
    }
    assertThat(TableKeys.rowKey(nasty)).endsWith("~27~25~2b~7eé");
  }

  @Test
  void escapesTheEscapeCharacterSoThatEscapedLookAlikesStayApart() {
    assertThat(TableKeys.rowKey("a/b")).isEqualTo("a~2fb");
    assertThat(TableKeys.rowKey("a~2fb")).isEqualTo("a~7e2fb");
  }

  @Test
  void putsIdsWithoutSubscriptionInTheirOwnPartition() {
    assertThat(TableKeys.partitionKey("not/an/arm/id")).isEqualTo(TableKeys.NO_SUBSCRIPTION);
    assertThat(TableKeys.partitionKey("/subscriptions/~none/x"))
        .isNotEqualTo(TableKeys.NO_SUBSCRIPTION);
  }

  @Test
  void boundsLongIdsWithAHashOfTheWholeId() {
    String base = "/subscriptions/s/" + "x".repeat(600);

    String a = TableKeys.rowKey(base + "/a");
    String b = TableKeys.rowKey(base + "/b");

    assertThat(a)
        .hasSizeLessThanOrEqualTo(TableKeys.MAX_READABLE)
        .startsWith("~2fsubscriptions~2fs~2fxxx")
        .contains("~~");
    assertThat(a).isNotEqualTo(b);
    assertThat(TableKeys.rowKey(base + "/A")).isEqualTo(a);
    assertThat(TableKeys.rowKey(ID)).doesNotContain("~~");
  }

  @Test
  void neverCutsASurrogatePairInALongId() {
    String rocket = "\uD83D\uDE80";
    String id = "/subscriptions/s/" + rocket.repeat(400);

    String key = TableKeys.rowKey(id);

    String prefix = key.substring(0, key.indexOf("~~"));
    assertThat(Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))).isFalse();
  }
}
