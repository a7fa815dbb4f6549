package dev.lakewire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BicepTextTest {

  private static final String SAMPLE =
      """
      // a comment with 'quotes' and { braces
      @minLength(1)
      @allowed([
        'a'
        'b'
      ])
      @description('Pick one; it\\'s required')
      param choice string = 'a'

      param count int

      @secure()
      param token string

      var url = 'https://example.com/path' // not a comment inside the string
      var settings = {
        PLAIN: 'value'
        'QUOTED-KEY': 'x'
        EXPR: '${url}/more'
        NESTED: {
          inner: [
            'one'
            'two'
          ]
        }
        ONE_LINE: { a: 1, b: 2 }
      }
      var picked = empty(choice)
        ? 'none'
        : choice
      /* a block
         comment */
      resource thing 'Microsoft.Example/things@2024-01-01' = [
        for name in ['x', 'y']: {
          name: name
          properties: {
            text: '{\\'quoted\\'} and ${join(['p', 'q'], ', ')}'
          }
        }
      ]

      resource other 'Microsoft.Example/things@2024-01-01' existing = {
        name: 'z'
      }

      output RESULT string = url
      """;

  private final BicepText bicep = BicepText.of(SAMPLE);

  @Test
  void stripsCommentsButNotDoubleSlashesInsideStrings() {
    assertThat(bicep.code())
        .doesNotContain("a comment with")
        .doesNotContain("not a comment")
        .doesNotContain("a block")
        .contains("'https://example.com/path'");
    assertThat(bicep.code().lines().count()).isEqualTo(SAMPLE.lines().count());
  }

  @Test
  void readsVarsIncludingMultiLineObjectsAndTernaries() {
    assertThat(bicep.vars()).containsOnlyKeys("url", "settings", "picked");
    assertThat(bicep.var("picked")).hasValueSatisfying(v -> assertThat(v).endsWith(": choice"));
  }

  @Test
  void readsObjectEntriesWithQuotedKeysAndNestedValues() {
    Map<String, String> entries =
        BicepText.entries(BicepText.inner(bicep.var("settings").orElseThrow()).orElseThrow());

    assertThat(entries).containsOnlyKeys("PLAIN", "QUOTED-KEY", "EXPR", "NESTED", "ONE_LINE");
    assertThat(BicepText.literal(entries.get("PLAIN"))).hasValue("value");
    assertThat(BicepText.literal(entries.get("EXPR"))).isEmpty();
    assertThat(BicepText.at(BicepText.inner(entries.get("NESTED")).orElseThrow(), "inner"))
        .hasValueSatisfying(
            v ->
                assertThat(BicepText.items(BicepText.inner(v).orElseThrow()))
                    .containsExactly("'one'", "'two'"));
    assertThat(BicepText.entries(BicepText.inner(entries.get("ONE_LINE")).orElseThrow()))
        .containsEntry("a", "1")
        .containsEntry("b", "2");
  }

  @Test
  void readsParamsWithTheirDecorators() {
    Map<String, BicepText.Param> params = bicep.params();

    assertThat(params).containsOnlyKeys("choice", "count", "token");
    assertThat(params.get("choice").defaultValue()).hasValue("'a'");
    assertThat(params.get("choice").decorators())
        .contains("@allowed([")
        .contains("'b'")
        .contains("@description");
    assertThat(params.get("count").defaultValue()).isEmpty();
    assertThat(params.get("count").decorators()).isEmpty();
    assertThat(params.get("token").decorators()).isEqualTo("@secure()");
  }

  @Test
  void readsResourcesWithLoopHeadersAndSkipsExistingOnes() {
    assertThat(bicep.resources("Microsoft.Example/")).hasSize(2);
    assertThat(bicep.declared("Microsoft.Example/things"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.symbol()).isEqualTo("thing");
              assertThat(r.header()).contains("for name in ['x', 'y']:");
              assertThat(BicepText.at(r.body(), "properties", "text")).isPresent();
            });
  }

  @Test
  void rendersInterpolationsWithGivenValuesAndUnescapesQuotes() {
    String text =
        BicepText.at(bicep.declared("Microsoft.Example/things").get(0).body(), "properties", "text")
            .orElseThrow();

    String rendered =
        BicepText.render(text, expr -> expr.equals("join(['p', 'q'], ', ')") ? "p, q" : null);

    assertThat(rendered).isEqualTo("{'quoted'} and p, q");
  }

  @Test
  void renderNamesTheInterpolationItHasNoValueFor() {
    assertThatThrownBy(() -> BicepText.render("'x ${missing} y'", expr -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("${missing}");
  }

  @Test
  void literalUnescapesAndRefusesNonLiterals() {
    assertThat(BicepText.literal("'it\\'s'")).hasValue("it's");
    assertThat(BicepText.literal("'''multi\nline'''")).hasValue("multi\nline");
    assertThat(BicepText.literal("concat('a', 'b')")).isEmpty();
    assertThat(BicepText.literal("'a' == 'b'")).isEmpty();
  }

  @Test
  void listsOutputs() {
    assertThat(bicep.outputs()).containsExactly("RESULT");
  }
}
