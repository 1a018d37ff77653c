package dev.livemig.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LBFO teams per host: Get-NetLbfoTeam names them (and its Members column lists them when the
 * export joined the array: {@code -join ','}); Get-NetLbfoTeamMember lists each member with its
 * mode. A standby member carries nothing until an active one fails; the model has no standby, so
 * it is left out of the team (noted).
 */
final class Teams {
  private Teams() {}

  static Map<Draft.Host, Map<String, HostMapper.TeamRow>> read(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    Map<Draft.Host, Map<String, HostMapper.TeamRow>> out = new LinkedHashMap<>();
    boolean memberFile = tables.containsKey(Cmdlet.LBFO_TEAM_MEMBER);
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.LBFO_TEAM)) {
      Draft.Host h = Cells.hostOf(r, d, notes);
      String name = r.text("Name");
      if (h == null || name == null) continue;
      HostMapper.TeamRow t = team(out, h, name);
      t.sources.add("Get-NetLbfoTeam " + r.where());
      String members = r.text("Members");
      if (members == null || memberFile) continue;
      if (members.endsWith("[]")) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Members"), "'" + members + "' is an array exported as its type name; "
            + "export it joined (@{n='Members';e={$_.Members -join ','}}) or add Get-NetLbfoTeamMember; team not mapped");
        continue;
      }
      for (String m : members.split("[,;]")) if (!m.isBlank()) t.members.add(new HostMapper.Member(m.trim(), r, "Members"));
    }
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.LBFO_TEAM_MEMBER)) {
      Draft.Host h = Cells.hostOf(r, d, notes);
      String team = r.text("Team");
      String name = r.text("Name");
      if (h == null) continue;
      if (team == null || name == null) {
        notes.add(r.table().label, r.line(), team == null ? "Team" : "Name", "missing; row not mapped");
        continue;
      }
      HostMapper.TeamRow t = team(out, h, team);
      t.sources.add("Get-NetLbfoTeamMember " + r.where());
      String mode = r.text("AdministrativeMode");
      if (mode != null && mode.equalsIgnoreCase("Standby")) {
        notes.add(r.table().label, r.line(), r.table().headerOf("AdministrativeMode"), "'" + name + "' is a standby member of " + team
            + "; the model has no standby: left out of the team");
        continue;
      }
      t.members.add(new HostMapper.Member(name, r, "Name"));
    }
    return out;
  }

  private static HostMapper.TeamRow team(Map<Draft.Host, Map<String, HostMapper.TeamRow>> out, Draft.Host h, String name) {
    return out.computeIfAbsent(h, k -> new LinkedHashMap<>())
        .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new HostMapper.TeamRow(name));
  }
}
