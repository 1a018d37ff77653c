package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only on a terminal, never with NO_COLOR set (non-empty) or TERM=dumb; painting keeps the columns. */
class ColourTest {
  @Test
  void onlyOnATerminalWithoutNoColor() {
    assertTrue(Colour.enabled(true, Map.of("TERM", "xterm")));
    assertFalse(Colour.enabled(false, Map.of("TERM", "xterm")), "not a terminal");
    assertFalse(Colour.enabled(true, Map.of("NO_COLOR", "1")), "NO_COLOR set");
    assertTrue(Colour.enabled(true, Map.of("NO_COLOR", "")), "NO_COLOR empty counts as unset (no-color.org)");
    assertFalse(Colour.enabled(true, Map.of("TERM", "dumb")));
  }

  @Test
  void paintedCellsKeepTheTableAligned() {
    Table t = new Table("id", "outcome", "x").paint(1, Colour::outcome);
    t.add("m1", "completed", "1");
    t.add("m2", "failed: gone", "2");
    String painted = t.toString();
    String plain = painted.replaceAll("\u001b\\[[0-9;]*m", "");
    Table u = new Table("id", "outcome", "x");
    u.add("m1", "completed", "1");
    u.add("m2", "failed: gone", "2");
    assertEquals(u.toString(), plain);
    assertTrue(painted.contains("\u001b[32mcompleted\u001b[0m") && painted.contains("\u001b[31mfailed: gone\u001b[0m"), painted);
  }
}
